/*! Chapeau embed loader. Paste one tag:
 *  <script src="https://cdn.example/chapeau/embed.js" data-site="acme"
 *          data-endpoint="https://feedback.acme.example" async></script>
 * It must stay a classic script: only those can find their own tag (document.currentScript).
 * JS API: window.Chapeau.mount(options), .open(target), .close(target), .destroy(target);
 * calls pushed on `window.Chapeau = window.Chapeau || []` before it loaded are replayed. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) {
    console.error("Chapeau: load embed.js with a <script src> tag (not inline, not type=module).");
    return;
  }
  var base = new URL(".", script.src);
  // Symbol keys, so that no page global can collide with ours.
  var RUNTIME = Symbol.for("chapeau.runtime");
  var API = Symbol.for("chapeau.api");

  // One module per page, however many widgets: the first loader starts it, the others share it.
  function runtime() {
    if (!window[RUNTIME]) {
      var started = import(new URL("chapeau.js", base).href).then(function (glue) {
        return glue.default({ module_or_path: new URL("chapeau_bg.wasm", base) }).then(function () {
          return glue;
        });
      });
      Object.defineProperty(window, RUNTIME, { value: started });
    }
    return window[RUNTIME];
  }

  function emit(host, name, detail) {
    host.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true, detail: detail }));
  }

  var api = window[API];
  if (!api) {
    // Each: { host, widget (once mounted), pending ("open" or "close" asked before), gone }.
    var widgets = [];

    var mount = function (attributes) {
      var place = document.body || document.documentElement;
      var container = attributes.container;
      if (container) {
        place = container.nodeType === 1 ? container : document.querySelector(container);
        if (!place) {
          console.error("Chapeau: data-container=\"" + container + "\" matches no element on this page; the widget is not shown.");
          return null;
        }
        attributes.container = "inline";
      }
      if (attributes.endpoint) {
        try {
          attributes.endpoint = new URL(attributes.endpoint, document.baseURI).href;
        } catch (e) {
          /* left as written: the widget names the attribute in its error */
        }
      }
      var host = document.createElement("chapeau-widget");
      var root = host.attachShadow({ mode: "open" });
      var entry = { host: host };
      place.appendChild(host);
      widgets.push(entry);
      runtime()
        .then(function (glue) {
          // The handle lives as long as its entry: were it collected, wasm-bindgen's
          // finalizer would unmount the widget.
          entry.widget = glue.mount(root, attributes);
          if (entry.gone) return destroy(entry);
          emit(host, "chapeau:ready");
          if (entry.pending) entry.widget[entry.pending]();
        })
        .catch(function (error) {
          var message = error instanceof Error && /^Chapeau:/.test(error.message)
            ? error.message
            : "Chapeau: the widget could not load from " + base.href + ". " + error;
          console.error(message);
          emit(host, "chapeau:error", { problem: "load", message: message });
          destroy(entry);
        });
      return host;
    };

    var destroy = function (entry) {
      entry.gone = true;
      if (entry.widget) entry.widget.unmount();
      entry.widget = null;
      entry.host.remove();
      widgets = widgets.filter(function (other) { return other !== entry; });
    };

    // The widgets a call is about: all of them, one host element, or the ones in a container
    // (an element or a selector).
    var targets = function (target) {
      if (typeof target === "string") target = document.querySelector(target);
      return widgets.filter(function (entry) {
        return !target || entry.host === target || entry.host.parentNode === target;
      });
    };

    var each = function (action) {
      return function (target) {
        targets(target).forEach(action);
      };
    };

    var toggle = function (method) {
      return each(function (entry) {
        if (entry.widget) entry.widget[method]();
        else entry.pending = method;
      });
    };

    api = {
      /** Mounts a widget; options are the data-* attributes in camelCase (`launcherLabel`),
       *  plus `meta` as an object and `container` as an element or a selector. */
      mount: function (options) {
        var attributes = {};
        Object.keys(options || {}).forEach(function (key) {
          var value = options[key];
          var name = key.replace(/[A-Z]/g, function (c) { return "-" + c.toLowerCase(); });
          if (name === "meta" && value && typeof value === "object") {
            Object.keys(value).forEach(function (m) { attributes["meta-" + m] = String(value[m]); });
          } else {
            attributes[name] = name === "container" && value && value.nodeType === 1 ? value : String(value);
          }
        });
        return mount(attributes);
      },
      open: toggle("open"),
      close: toggle("close"),
      destroy: each(destroy),
      /** Runs a queued call: a function (given the API) or [method, ...arguments]. */
      push: function (call) {
        try {
          if (typeof call === "function") return call(api);
          if (!api[call[0]] || call[0] === "push") throw new Error("unknown method " + call[0] + "; known: mount, open, close, destroy");
          return api[call[0]].apply(api, call.slice(1));
        } catch (error) {
          console.error("Chapeau: " + (error && error.message));
        }
      }
    };
    Object.defineProperty(window, API, { value: api });
    var queued = window.Chapeau;
    if (queued === undefined || Array.isArray(queued)) {
      window.Chapeau = api;
      (queued || []).forEach(api.push);
    } else {
      console.warn("Chapeau: this page already has its own window.Chapeau, left as it is; the widget's API is window[Symbol.for(\"chapeau.api\")].");
    }
  }

  // A tag with data-* attributes is an embed; a bare tag only brings the API.
  var attributes = {};
  for (var i = 0; i < script.attributes.length; i++) {
    var attribute = script.attributes[i];
    if (attribute.name.indexOf("data-") === 0) attributes[attribute.name.slice(5)] = attribute.value;
  }
  if (!Object.keys(attributes).length) return;
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { api.mount(attributes); }, { once: true });
  } else {
    api.mount(attributes);
  }
})();
