/*! Chapeau embed loader. Paste one tag:
 *  <script src="https://cdn.example/chapeau/embed.js" data-site="acme"
 *          data-endpoint="https://feedback.acme.example" async></script>
 * It must stay a classic script: only those can find their own tag (document.currentScript).
 * It costs the page nothing until the visitor comes near the widget: it draws the launcher
 * itself, fetches the WebAssembly widget on hover, focus or idle time, and mounts it on click
 * (an inline widget: when it comes near the viewport).
 * JS API: window.Chapeau.mount(options), .open(target), .close(target), .destroy(target);
 * calls pushed on `window.Chapeau = window.Chapeau || []` before it loaded are replayed. */
(() => {
  var script = document.currentScript;
  if (!script || !script.src) {
    console.error("Chapeau: use <script src=embed.js>");
    return;
  }
  var base = new URL(".", script.src);
  // Symbol keys, so that no page global can collide with ours.
  var RUNTIME = Symbol.for("chapeau.runtime");
  var API = Symbol.for("chapeau.api");

  // One module per page, however many widgets: the first loader starts it, the others share it.
  // Compiling it (off the main thread and in its own task) and instantiating it are separate
  // tasks. Once it is there, each widget's language is asked for (in a task of its own), so
  // that a tap, whose hover comes with its click, does not wait a round trip for it; nothing
  // else runs (the module's own start looks into the outbox in a task of its own), and the
  // rest of the widget's code waits for the visitor. The module and its glue are fetched at
  // once and awaited together, so that either failing is heard (alone, a module that failed
  // before its glue arrived was an unhandled rejection in the page). From bytes rather than
  // streaming: a CDN may not serve `application/wasm`.
  function runtime() {
    if (!window[RUNTIME]) {
      window[RUNTIME] = Promise.all([
        fetch(new URL("chapeau_bg.wasm", base)).then((response) => response.arrayBuffer()).then(WebAssembly.compile),
        import(new URL("chapeau.js", base).href)
      ]).then(([module, glue]) => glue.default({ module_or_path: module }).then(() => {
        widgets.forEach((entry) => glue.prefetch(entry.attributes, base.href));
        return glue;
      }));
    }
    return window[RUNTIME];
  }

  function emit(host, name, detail) {
    host.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true, detail: detail }));
  }

  var api = window[API];
  if (!api) {
    // The launcher's words in each language the widget speaks (src/i18n checks they match).
    var LABELS = {
      en: "Feedback", fr: "Votre avis", es: "Tu opinión", de: "Feedback",
      it: "La tua opinione", pt: "Sua opinião", nl: "Feedback"
    };
    var ICONS = {
      chat: "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z",
      heart: "M12 21s-8-5.3-8-11a4.5 4.5 0 0 1 8-2.8A4.5 4.5 0 0 1 20 10c0 5.7-8 11-8 11z",
      star: "M12 2l3 6.6 7.2.8-5.4 4.9 1.5 7.1L12 17.8 5.7 21.4l1.5-7.1L1.8 9.4 9 8.6z"
    };
    // The launcher, drawn before the widget exists: its size and place never change, so the
    // page does not shift. Sizes in px: the host's root font size must not resize it. 48px
    // tall at least: `min-height` is the content's (`all: initial` makes boxes content-box).
    var CSS = ":host{all:initial}" +
      ".launcher{all:initial;position:fixed;inset:auto 20px 20px auto;z-index:var(--chapeau-z,2147483000);" +
      "display:flex;align-items:center;gap:8px;min-height:24px;padding:12px 18px;border-radius:99px;cursor:pointer;" +
      "background:var(--chapeau-accent,#5b2a86);color:var(--chapeau-accent-text,#fff);" +
      "font:600 15px/1.45 var(--chapeau-font,system-ui,sans-serif);box-shadow:0 6px 20px #0004}" +
      ".launcher:focus-visible{outline:3px solid #fff;box-shadow:0 0 0 6px var(--chapeau-accent,#5b2a86)}" +
      ".left{inset:auto auto 20px 20px}";
    var sheet;
    var SVG = "http://www.w3.org/2000/svg";

    // Each: { host, root, attributes, loading (the module, once checked), widget (once
    // mounted), pending (an open asked for before it was mounted) }.
    var widgets = [];

    var language = (choice) => {
      for (var tag of [choice, document.documentElement.lang, ...navigator.languages]) {
        var primary = String(tag).split(/[-_]/)[0].toLowerCase();
        if (LABELS[primary]) return primary;
      }
      return "en";
    };

    var set = (element, attributes) => {
      for (var name in attributes) element.setAttribute(name, attributes[name]);
      return element;
    };

    var drawLauncher = (entry) => {
      var a = entry.attributes;
      var button = set(document.createElement("button"), {
        type: "button",
        class: a.position === "bottom-left" ? "launcher left" : "launcher",
        part: "launcher",
        "aria-expanded": false,
        "aria-controls": "chapeau-panel"
      });
      var path = ICONS[a["launcher-icon"] || "chat"];
      if (path) {
        var svg = set(document.createElementNS(SVG, "svg"), { part: "launcher-icon", viewBox: "0 0 24 24", width: "20", "aria-hidden": true });
        svg.append(set(document.createElementNS(SVG, "path"), { fill: "currentColor", d: path }));
        button.append(svg);
      }
      var label = document.createElement("span");
      label.textContent = a["launcher-label"] || LABELS[language(a.lang)];
      button.append(label);
      // Coming near the launcher fetches the widget; a click mounts and opens it. Once it is
      // mounted, the widget itself answers the launcher.
      button.addEventListener("pointerenter", () => load(entry), { once: true });
      button.addEventListener("focus", () => load(entry), { once: true });
      button.addEventListener("click", () => entry.widget || open(entry), { once: true });
      entry.root.append(button);
    };

    // When the visitor comes near the launcher (or an inline widget near the viewport), the
    // module checks the embed: its mistakes go to the console (once), and an embed that
    // cannot work is removed; `mount` then mounts it.
    var load = (entry, mount) => {
      entry.loading = entry.loading || runtime().then((glue) => glue.check(entry.attributes, base.href) || glue);
      entry.loading
        .then((glue) => {
          // The handle lives as long as its entry: were it collected, wasm-bindgen's
          // finalizer would unmount the widget.
          if (mount && !entry.widget && entry.host.isConnected) {
            entry.widget = glue.mount(entry.root, entry.attributes);
            emit(entry.host, "chapeau:ready");
            if (entry.pending) entry.widget.open();
          }
        })
        .catch((error) => {
          if (!entry.host.isConnected) return;
          console.error(/^Chapeau:/.test(error.message) ? error.message : "Chapeau: " + error);
          emit(entry.host, "chapeau:error", { problem: "load" });
          destroy(entry);
        });
    };

    var mount = (attributes) => {
      var place = document.body;
      var container = attributes.container;
      if (container) {
        place = container.nodeType ? container : document.querySelector(container);
        if (!place) {
          console.error("Chapeau: data-container=\"" + container + "\" matches no element; no widget.");
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
      var entry = { host: host, root: host.attachShadow({ mode: "open" }), attributes: attributes };
      place.appendChild(host);
      widgets.push(entry);
      if (container) {
        // Inline: mounted when it comes near the viewport.
        var near = new IntersectionObserver((seen) => {
          if (seen.pop().isIntersecting) {
            near.disconnect();
            load(entry, 1);
          }
        }, { rootMargin: "300px" });
        near.observe(host);
      } else {
        if (!sheet) {
          sheet = new CSSStyleSheet();
          sheet.replaceSync(CSS);
        }
        entry.root.adoptedStyleSheets = [sheet];
        drawLauncher(entry);
      }
      return host;
    };

    var destroy = (entry) => {
      // Once removed, its host is no longer connected: a module still loading will not mount it.
      if (entry.widget) entry.widget.unmount();
      entry.host.remove();
      widgets = widgets.filter((other) => other !== entry);
    };

    // A call is about all the widgets, one host element, or the ones in a container (an
    // element or a selector).
    var each = (action) => {
      return (target) => {
        if (typeof target === "string") target = document.querySelector(target);
        widgets.filter((entry) => !target || entry.host === target || entry.host.parentNode === target).forEach(action);
      };
    };

    // Opening a widget that is not mounted yet mounts it first.
    var open = (entry) => {
      if (entry.widget) return entry.widget.open();
      entry.pending = "open";
      load(entry, 1);
    };
    var close = (entry) => {
      if (entry.widget) entry.widget.close();
      entry.pending = 0;
    };

    api = {
      /** Mounts a widget; options are the data-* attributes in camelCase (`launcherLabel`),
       *  plus `meta` as an object and `container` as an element or a selector. */
      mount: (options) => {
        var attributes = {};
        Object.keys(options || {}).forEach((key) => {
          var value = options[key];
          var name = key.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
          if (name === "meta" && value && typeof value === "object") {
            Object.keys(value).forEach((m) => { attributes["meta-" + m] = String(value[m]); });
          } else {
            attributes[name] = value && value.nodeType ? value : String(value);
          }
        });
        return mount(attributes);
      },
      open: each(open),
      close: each(close),
      destroy: each(destroy),
      /** Runs a queued call: a function (given the API) or [method, ...arguments]. */
      push: (call) => {
        try {
          if (typeof call === "function") return call(api);
          if (!api[call[0]]) throw Error("unknown method " + call[0]);
          return api[call[0]].apply(api, call.slice(1));
        } catch (error) {
          console.error("Chapeau: " + (error && error.message));
        }
      }
    };
    window[API] = api;
    var queued = window.Chapeau;
    if (queued === undefined || Array.isArray(queued)) {
      window.Chapeau = api;
      (queued || []).forEach(api.push);
    } else {
      console.warn("Chapeau: window.Chapeau is taken");
    }
    // Once the page has loaded and the browser is idle, the module is fetched, compiled (off
    // the main thread) and instantiated, and the visitor's language fetched, so that a click
    // finds them ready. Of the widget, it then runs only the delivery of what the visitor
    // could not send before, from this page or another (`start` in src/lib.rs): the rest
    // waits for the visitor. A module that cannot be had is reported, and its widgets
    // removed, at once (`load` finds it failed).
    // (Added after the page loaded, the loader leaves all this to hover, focus and click.)
    addEventListener("load", () =>
      (window.requestIdleCallback || setTimeout)(() => runtime().catch(() => widgets.forEach((entry) => load(entry))), { timeout: 5e3 }));
  }

  // A tag with data-* attributes is an embed; a bare tag only brings the API.
  var attributes = {};
  for (var attribute of script.attributes) {
    if (attribute.name.startsWith("data-")) attributes[attribute.name.slice(5)] = attribute.value;
  }
  if (!Object.keys(attributes).length) return;
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => { api.mount(attributes); });
  } else {
    api.mount(attributes);
  }
})();
