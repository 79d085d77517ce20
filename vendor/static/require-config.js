/* Serve @jupyter-widgets/html-manager (and the fonts it loads) from this site instead of a CDN.
 *
 * Load order on a widget page: requirejs/require.js, this file, html-manager/dist/embed-amd.js.  All URLs are derived from this script's own URL, so the same
 * file works from pages at any depth of the book.  Written for scripts/vendor_js.py (vendor/static/).
 */
(function () {
  "use strict";
  var me = document.currentScript && document.currentScript.src;
  if (!me) {
    // Fallback: find this script among the page's script tags.
    var scripts = document.getElementsByTagName("script");
    for (var i = scripts.length - 1; i >= 0; i--) {
      if (/require-config\.js(\?|$)/.test(scripts[i].src)) { me = scripts[i].src; break; }
    }
  }
  var base = me.slice(0, me.lastIndexOf("/") + 1); // .../_static/
  var dist = base + "html-manager/dist/";            // mirrors the npm package layout

  // embed-amd.js defines the AMD modules "@jupyter-widgets/html-manager" and
  // "@jupyter-widgets/html-manager/dist/libembed-amd" inline.  Each one's webpack publicPath (where
  // its CSS fetches the Font Awesome woff2/woff files) is the directory of that module's require.js
  // URL, computed *before* `__jupyter_widgets_assets_path__` is consulted.  Without these paths the
  // fonts are requested from "<page dir>/@jupyter-widgets/" and
  // "<page dir>/@jupyter-widgets/html-manager/dist/" and 404.  Map both ids into dist/ (no file is
  // fetched for them: the modules are already defined by embed-amd.js).
  window.__jupyter_widgets_assets_path__ = dist;
  if (window.requirejs && window.requirejs.config) {
    window.requirejs.config({
      paths: {
        "@jupyter-widgets/html-manager": dist + "index",
        "@jupyter-widgets/html-manager/dist/libembed-amd": dist + "libembed-amd"
      }
    });
  } else {
    console.warn("require-config.js: require.js must be loaded first");
  }
})();
