/* MathJax-2 shim for @jupyter-widgets/html-manager 1.x with MathJax 3.
 *
 * html-manager typesets widget labels with `MathJax.Hub.Queue(["Typeset", MathJax.Hub, el])`
 * (MathJax 2 API) whenever `window.MathJax` exists.  MathJax 3 has no `Hub`, so that throws.
 * This shim adds `MathJax.Hub.Queue` that forwards to MathJax 3's `typesetPromise([el])`.
 *
 * MathJax 3 replaces `window.MathJax` when it starts (the configuration object becomes
 * `MathJax.config`), so the shim also patches every later value assigned to `window.MathJax`.
 * Written for scripts/vendor_js.py (vendor/static/).
 */
(function () {
  "use strict";

  function typeset(el) {
    var MJ = window.MathJax;
    if (!MJ || typeof MJ.typesetPromise !== "function") return Promise.resolve();
    var ready = (MJ.startup && MJ.startup.promise) || Promise.resolve();
    return ready
      .then(function () { return MJ.typesetPromise(el ? [el] : undefined); })
      .catch(function (err) { console.warn("MathJax typeset failed:", err); });
  }

  function makeHub() {
    var hub = {
      // Accepts MathJax-2 style queue entries: ["Typeset", MathJax.Hub, element] or functions.
      Queue: function () {
        var chain = Promise.resolve();
        Array.prototype.forEach.call(arguments, function (job) {
          chain = chain.then(function () {
            if (typeof job === "function") return job();
            if (Array.isArray(job) && job[0] === "Typeset") return typeset(job[2]);
          });
        });
        return chain;
      },
      Typeset: function (el) { return typeset(el); },
      Config: function () {},
      Register: { StartupHook: function () {}, MessageHook: function () {} }
    };
    hub.__shim = true;
    return hub;
  }

  function patch(mj) {
    // Only the real MathJax 3 object (it has `version`), never the plain configuration object,
    // which MathJax would otherwise copy into its config.
    if (mj && typeof mj === "object" && mj.version && !mj.Hub) {
      mj.Hub = makeHub();
    }
    return mj;
  }

  var current = window.MathJax;
  patch(current);
  try {
    Object.defineProperty(window, "MathJax", {
      configurable: true,
      enumerable: true,
      get: function () { return current; },
      set: function (v) { current = patch(v); }
    });
  } catch (e) {
    // Not redefinable: patch once the document (and the deferred MathJax script) has loaded.
    document.addEventListener("DOMContentLoaded", function () { patch(window.MathJax); });
  }
})();
