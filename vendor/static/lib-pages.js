/* The book's own script on every page (deferred): fit wide display equations on narrow screens.
 *
 * The math is MathML written at build time (sphinxext/mathml.py), so nothing here typesets it.
 * A browser does not break a long display equation: on a phone one can be wider than the column.
 * This shrinks such an equation (CSS zoom, down to 50 %) so that it fits, re-checked on resize;
 * one still too wide scrolls sideways (lib-pages.css makes it a scroll box) and takes keyboard focus.
 * Hand-written for this book (sphinxext/readers_pages.py adds it).
 */
(function () {
  "use strict";
  var equations = document.querySelectorAll(".bd-content div.math > math[display='block']");

  // All reads, then all writes: reading a width after a write would lay out the page again for
  // every equation (a long task on a phone with a few dozen equations).
  function fitAll() {
    var eqs = Array.prototype.filter.call(equations, function (eq) {
      return eq.style.zoom || eq.hasAttribute("tabindex") || eq.scrollWidth > eq.clientWidth;
    });
    eqs.forEach(function (eq) { eq.style.zoom = ""; eq.removeAttribute("tabindex"); });
    var zooms = eqs.map(function (eq) {
      var avail = eq.clientWidth, need = eq.scrollWidth;
      return avail && need > avail ? Math.max(0.5, Math.floor((avail / need) * 100) / 100) : 0;
    });
    eqs.forEach(function (eq, i) { if (zooms[i]) eq.style.zoom = String(zooms[i]); });
    // Still too wide at half size: it scrolls, so the keyboard must be able to reach it.
    eqs.forEach(function (eq, i) { if (zooms[i] && eq.scrollWidth > eq.clientWidth) eq.tabIndex = 0; });
  }

  if (equations.length) {
    fitAll();
    var timer;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(fitAll, 150);
    });
  }
})();
