//! A fault in the module (a panic: a bug, or a hostile page breaking a browser API the
//! widget relies on) must never break the host page. The embed's panic hook runs before the
//! module stops, in every case, even inside an event handler the browser called: it marks the
//! module as faulted, so that its entry points do nothing more; shows each embedded widget's
//! generic error in the visitor's language beside the visitor's text, which stays there to
//! copy (the form's controls stop, the text fields turn read-only); and tells the page with
//! `chapeau:error` (`problem: "fault"`). The trap that follows does not reach the page as an
//! error of its own.
//!
//! Nothing here goes through Leptos: the fault may have left its state half-updated.

use std::cell::{Cell, RefCell};

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::events::{dispatch, ChapeauEvent};

/// An embedded widget, as the hook finds it.
struct Embedded {
    host: web_sys::Element,
    root: web_sys::ShadowRoot,
    /// The generic error in the visitor's language, once the widget has its texts.
    message: Option<String>,
}

thread_local! {
    static FAULTED: Cell<bool> = const { Cell::new(false) };
    static EMBEDDED: RefCell<Vec<Embedded>> = const { RefCell::new(Vec::new()) };
}

/// Whether the module has faulted: then its entry points do nothing.
pub fn has_faulted() -> bool {
    FAULTED.get()
}

/// Installs the hook, once per page, for the embedded widget; and keeps the trap that follows
/// a fault from the page: that error is the widget's, not the page's. It is caught before any
/// listener of the page's (capture listeners run first), and marked handled.
pub fn install_hook() {
    // After the one there was (a test harness's prints the message).
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        on_fault();
        previous(info);
    }));
    let keep_trap = Closure::<dyn Fn(web_sys::ErrorEvent)>::new(|event: web_sys::ErrorEvent| {
        if has_faulted() && event.error().is_instance_of::<js_sys::WebAssembly::RuntimeError>() {
            event.stop_immediate_propagation();
            event.prevent_default();
        }
    });
    if let Some(window) = web_sys::window() {
        let _ = window.add_event_listener_with_callback_and_bool("error", keep_trap.as_ref().unchecked_ref(), true);
    }
    // Listens as long as the page lives.
    keep_trap.forget();
}

/// Shows the fault in every embedded widget, once.
fn on_fault() {
    if FAULTED.replace(true) {
        return;
    }
    // The fault may have come while the list was borrowed: then nothing can be shown.
    let Ok(embedded) = EMBEDDED.try_with(|e| e.try_borrow().map(|e| e.iter().map(|w| (w.host.clone(), w.root.clone(), w.message.clone())).collect::<Vec<_>>())) else { return };
    for (host, root, message) in embedded.into_iter().flatten() {
        if let Some(message) = message {
            show(&root, &message);
        }
        dispatch(&host, &ChapeauEvent::Error { problem: "fault", submission: None });
    }
}

/// In each of the widget's status regions (every form has one, beside its fields): the
/// message, read out by screen readers; the visitor's text stays in its field to copy, and no
/// control is left to use. Nothing is created: the fault may be a page that broke
/// `document.createElement`.
fn show(root: &web_sys::ShadowRoot, message: &str) {
    if let Ok(regions) = root.query_selector_all(".status") {
        for region in (0..regions.length()).filter_map(|i| regions.item(i)) {
            let region: web_sys::Element = region.unchecked_into();
            region.set_text_content(Some(message));
            region.set_class_name("status error fault");
        }
    }
    if let Ok(controls) = root.query_selector_all(".root button:not(.panel-close), .root input, .root textarea") {
        for control in (0..controls.length()).filter_map(|i| controls.item(i)) {
            let control: web_sys::Element = control.unchecked_into();
            let text = control.tag_name() == "TEXTAREA" || matches!(control.get_attribute("type").as_deref(), Some("text" | "email"));
            let _ = control.set_attribute(if text { "readonly" } else { "disabled" }, "");
        }
    }
}

/// An embedded widget, listed for the hook while this lives.
pub struct Listed {
    host: web_sys::Element,
}

/// Lists the widget in `root` (a shadow root of `host`) for the hook.
pub fn list(host: web_sys::Element, root: web_sys::ShadowRoot) -> Listed {
    EMBEDDED.with_borrow_mut(|e| e.push(Embedded { host: host.clone(), root, message: None }));
    Listed { host }
}

/// The widget on `host` has its texts: the generic error in the visitor's language.
pub fn speaks(host: &web_sys::Element, message: &str) {
    EMBEDDED.with_borrow_mut(|e| {
        if let Some(widget) = e.iter_mut().find(|w| w.host == *host) {
            widget.message = Some(message.to_string());
        }
    });
}

impl Drop for Listed {
    fn drop(&mut self) {
        let _ = EMBEDDED.try_with(|e| e.try_borrow_mut().map(|mut e| e.retain(|w| w.host != self.host)));
    }
}
