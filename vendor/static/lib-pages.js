/* The book's own script on every page (deferred): fit wide display equations to narrow screens.
 *
 * MathJax 3 does not break long display equations.  On a phone one can be wider than the column
 * and overflow its box (lib-pages.css puts the number below it there); this shrinks such an
 * equation (CSS zoom, down to 50 %) so that it fits, re-checked on resize; one still too wide scrolls.
 * Hand-written for this book (sphinxext/readers_pages.py adds it).
 */
(function () {
  "use strict";

  function fit(box) {
    // The theme makes the container a keyboard-focusable scroll box (MathJax gives it tabindex=0).
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

  function whenTypeset() {
    var MJ = window.MathJax;
    if (MJ && MJ.startup && MJ.startup.promise) {
      MJ.startup.promise.then(fitAll);
    } else {
      setTimeout(whenTypeset, 200);
    }
  }

  if (document.querySelector(".bd-content div.math")) {
    whenTypeset();
    var timer;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(fitAll, 150);
    });
  }
})();
