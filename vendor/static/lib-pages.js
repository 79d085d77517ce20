/* The book's own script on every page (deferred): typeset the math in short steps, fit wide equations.
 *
 * 1. MathJax starts with `startup.typeset: false` (_config.yml).  Typesetting a whole chapter at once
 *    is one long task (over a second on a phone) that freezes the page; here the math near the
 *    viewport is typeset first, then the rest, in batches sized to take 6-12 ms each here (under 50 ms
 *    on a phone four times slower), yielding to the browser in between.  Every batch is chained on MathJax.startup.promise, as MathJax asks.
 * 2. MathJax 3 does not break long display equations.  On a phone one can be wider than the column
 *    and overflow its box (lib-pages.css puts the number below it there); this shrinks such an
 *    equation (CSS zoom, down to 50 %) so that it fits, re-checked on resize; one still too wide
 *    scrolls (the theme makes its container a scroll box, focusable by keyboard).
 * Hand-written for this book (sphinxext/readers_pages.py adds it).
 */
(function () {
  "use strict";
  var SELECTOR = ".bd-content .math, .bd-content .output_area, .bd-content .tex2jax_process, .bd-content .mathjax_process";

  function fit(box) {
    var mjx = box.querySelector("mjx-container[display='true']");
    if (!mjx) return;
    // CSS zoom, not font-size: some MathJax boxes (text, spaces) keep their size in px.
    mjx.style.zoom = "";
    var avail = mjx.clientWidth;
    var need = mjx.scrollWidth;
    if (!avail || need <= avail) return;
    mjx.style.zoom = String(Math.max(0.5, Math.floor((avail / need) * 100) / 100));
  }

  function fitAll() {
    Array.prototype.forEach.call(document.querySelectorAll(".bd-content div.math"), fit);
  }

  var all = Array.prototype.filter.call(document.querySelectorAll(SELECTOR), function (el) {
    // Outermost only: typesetting a container covers what is inside it.
    return !(el.parentElement && el.parentElement.closest(SELECTOR));
  });
  var done = new Set();
  var near = [];
  var size = 2;

  function pick() {
    var batch = [];
    while (near.length && batch.length < size) {
      var el = near.shift();
      if (!done.has(el)) { done.add(el); batch.push(el); }
    }
    for (var i = 0; i < all.length && batch.length < size; i++) {
      if (!done.has(all[i])) { done.add(all[i]); batch.push(all[i]); }
    }
    return batch;
  }

  function step() {
    var MJ = window.MathJax;
    var batch = pick();
    if (!batch.length) return;
    MJ.startup.promise = MJ.startup.promise.then(function () {
      var t0 = performance.now();
      return MJ.typesetPromise(batch).then(function () {
        var ms = performance.now() - t0;
        if (ms < 6 && size < 64) size *= 2;
        else if (ms > 12 && size > 1) size = Math.max(1, Math.floor(size / 2));
        batch.forEach(function (el) { if (el.matches("div.math")) fit(el); });
      });
    }).catch(function (err) { console.warn("MathJax typeset failed:", err); });
    MJ.startup.promise.then(function () { setTimeout(step, 0); });
  }

  function start() {
    var MJ = window.MathJax;
    if (!(MJ && MJ.startup && MJ.startup.promise && MJ.typesetPromise)) {
      setTimeout(start, 50);
      return;
    }
    if ("IntersectionObserver" in window) {
      var io = new IntersectionObserver(function (entries) {
        entries.forEach(function (e) {
          if (e.isIntersecting) { near.push(e.target); io.unobserve(e.target); }
        });
      }, { rootMargin: "800px 0px" });
      all.forEach(function (el) { io.observe(el); });
    }
    // Let the observer report what is near the viewport before the first batch.
    MJ.startup.promise.then(function () { requestAnimationFrame(function () { setTimeout(step, 0); }); });
  }

  if (all.length) start();
  if (document.querySelector(".bd-content div.math")) {
    var timer;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(fitAll, 150);
    });
  }
})();
