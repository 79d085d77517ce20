/* Load the book's interactive figures on demand, then make their controls accessible.
 *
 * 1. Loading.  sphinxext/readers_pages.py moves a page's widget state to _static/widgets/<page>.js and
 *    puts a static preview (initial frame, labels, readout) before each widget's view script.  When a
 *    preview comes within 600 px of the viewport (or window.libWidgetsLoad() is called), this loads, in
 *    order, the state, require.js, require-config.js and the widget manager
 *    (html-manager/dist/embed-amd.js), all from this site.  Each live widget is rendered out of view
 *    and swapped for its preview when complete, in the same box (no layout shift).
 * 2. Accessibility of every lib frame widget (.lib-frame-widget), kept up to date by a MutationObserver
 *    on the outputs that hold them:
 *    - a slider handle is named by its visible label (aria-labelledby) and announces the value shown
 *      in its readout (aria-valuetext), not the step index;
 *    - a row of toggle buttons is a named group and each button exposes aria-pressed;
 *    - the readouts are a polite live region, so the new numbers are read when the figure changes;
 *    - each frame is an <img> with its own alt text (made in lib/widgets/_core.py).
 * Hand-written for this book.
 */
(function () {
  "use strict";
  var me = document.currentScript;
  var base = me.src.slice(0, me.src.lastIndexOf("/") + 1);
  var stateUrl = me.getAttribute("data-state");
  var previews = document.querySelectorAll(".lib-preview");
  var started = false;
  var uid = 0;

  function loadScript(src, attrs) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.async = false;
      Object.keys(attrs || {}).forEach(function (k) { s.setAttribute(k, attrs[k]); });
      s.onload = resolve;
      s.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(s);
    });
  }

  function load() {
    if (started) return;
    started = true;
    Array.prototype.forEach.call(previews, function (p) {
      p.parentElement.classList.add("lib-hydrating");
      observe(p.parentElement);
    });
    loadScript(stateUrl)
      .then(function () {
        var tag = document.createElement("script");
        tag.type = "application/vnd.jupyter.widget-state+json";
        tag.textContent = JSON.stringify(window.libWidgetState);
        document.head.appendChild(tag);
        delete window.libWidgetState;
        return loadScript(base + "requirejs/require.js");
      })
      .then(function () { return loadScript(base + "require-config.js"); })
      .then(function () {
        return loadScript(base + "html-manager/dist/embed-amd.js", { "data-jupyter-widgets-cdn": "npm-not-vendored/" });
      })
      .catch(function (err) { console.error(err); });
  }
  window.libWidgetsLoad = load;

  /* ---- swap a preview for its live widget once the widget is complete ---- */
  function complete(widget) {
    return widget.querySelector(".lib-frames img") && widget.querySelector(".lib-readouts .lib-readout") &&
      widget.querySelectorAll(".lib-control").length > 0;
  }

  function swap(output) {
    var widget = output.querySelector(".widget-subarea .lib-frame-widget");
    if (!widget || !complete(widget)) return;
    var preview = output.querySelector(".lib-preview");
    if (preview) preview.remove();
    output.classList.remove("lib-hydrating");
  }

  /* ---- accessibility of a rendered lib widget ---- */
  function id(el, prefix) {
    if (!el.id) el.id = prefix + "-" + (++uid);
    return el.id;
  }

  function text(el) {
    return el ? el.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function setAttr(el, name, value) {
    if (el.getAttribute(name) !== value) el.setAttribute(name, value);
  }

  function patch(widget) {
    Array.prototype.forEach.call(widget.querySelectorAll(".lib-control"), function (ctrl) {
      var label = ctrl.querySelector(".widget-label");
      if (!label || !text(label)) return;
      var labelId = id(label, "lib-label");
      var handle = ctrl.querySelector(".noUi-handle");
      if (handle) {
        setAttr(handle, "aria-labelledby", labelId);
        var value = text(ctrl.querySelector(".widget-readout"));
        if (value) setAttr(handle, "aria-valuetext", value);
      }
      var buttons = ctrl.querySelectorAll("button");
      if (buttons.length) {
        var group = buttons[0].parentElement;
        setAttr(group, "role", "group");
        setAttr(group, "aria-labelledby", labelId);
        Array.prototype.forEach.call(buttons, function (b) {
          setAttr(b, "aria-pressed", b.classList.contains("mod-active") ? "true" : "false");
        });
      }
    });
    var readouts = widget.querySelector(".lib-readouts");
    if (readouts) {
      setAttr(readouts, "aria-live", "polite");
      setAttr(readouts, "aria-atomic", "true");
    }
  }

  var pending = false;
  function sweep() {
    pending = false;
    Array.prototype.forEach.call(document.querySelectorAll(".lib-frame-widget"), patch);
    Array.prototype.forEach.call(document.querySelectorAll(".lib-hydrating"), swap);
  }

  // Watch only the outputs that hold widgets, and only once they load (not the whole page, with its
  // thousands of math nodes).
  var observer = new MutationObserver(function (records) {
    // A slider's readout text and the handle's aria-valuenow change together on a key press:
    // patch at once (not on the next frame), so the new value is in place when it is announced.
    for (var i = 0; i < records.length; i++) {
      var t = records[i].target;
      var el = t.nodeType === 1 ? t : t.parentElement;
      var widget = el && el.closest && el.closest(".lib-frame-widget");
      if (widget && widget.isConnected && records[i].attributeName !== "aria-valuetext") patch(widget);
    }
    if (!pending) {
      pending = true;
      requestAnimationFrame(sweep);
    }
  });
  function observe(el) {
    observer.observe(el, {
      subtree: true, childList: true, characterData: true,
      attributes: true, attributeFilter: ["class", "aria-valuenow"]
    });
  }

  /* ---- start loading when a preview nears the viewport ---- */
  if (!previews.length || !stateUrl) return;
  if ("IntersectionObserver" in window) {
    var io = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) {
        io.disconnect();
        load();
      }
    }, { rootMargin: "600px 0px" });
    Array.prototype.forEach.call(previews, function (p) { io.observe(p); });
  } else {
    load();
  }
})();
