/*! Chapeau embed loader. Paste one tag:
 *  <script src="https://cdn.example/chapeau/embed.js" data-site="acme"
 *          data-endpoint="https://feedback.acme.example" async></script>
 * It must stay a classic script: only those can find their own tag (document.currentScript). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) {
    console.error("Chapeau: load embed.js with a <script src> tag (not inline, not type=module).");
    return;
  }
  var base = new URL(".", script.src);
  var attributes = {};
  for (var i = 0; i < script.attributes.length; i++) {
    var attribute = script.attributes[i];
    if (attribute.name.indexOf("data-") === 0) attributes[attribute.name.slice(5)] = attribute.value;
  }
  if (attributes.endpoint) {
    try {
      attributes.endpoint = new URL(attributes.endpoint, document.baseURI).href;
    } catch (e) {
      /* left as written: the widget names the attribute in its error */
    }
  }

  // One module per page, however many widgets: the first loader starts it, the others share it.
  // A symbol key, so no page global can collide with it.
  var key = Symbol.for("chapeau.runtime");
  var runtime = window[key];
  if (!runtime) {
    runtime = import(new URL("chapeau.js", base).href).then(function (glue) {
      return glue.default({ module_or_path: new URL("chapeau_bg.wasm", base) }).then(function () {
        return glue;
      });
    });
    Object.defineProperty(window, key, { value: runtime });
  }

  function start() {
    var host = document.createElement("chapeau-widget");
    var root = host.attachShadow({ mode: "open" });
    (document.body || document.documentElement).appendChild(host);
    runtime
      .then(function (glue) {
        // The handle lives as long as its host element: were it collected, wasm-bindgen's
        // finalizer would unmount the widget.
        Object.defineProperty(host, Symbol.for("chapeau.widget"), { value: glue.mount(root, attributes) });
      })
      .catch(function (error) {
        host.remove();
        console.error(error instanceof Error && /^Chapeau:/.test(error.message)
          ? error.message
          : "Chapeau: the widget could not load from " + base.href + ". " + error);
      });
  }
  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start, { once: true });
})();
