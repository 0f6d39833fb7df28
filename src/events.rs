//! Telling the host page what happens: DOM `CustomEvent`s dispatched on the widget's host
//! element. They bubble and cross the shadow boundary, so a page may listen on `document`.

use crate::state::State;
use wasm_bindgen::{JsCast, JsValue};

/// Dispatches `name` with `detail` on `host`; a listener that throws cannot reach the widget.
pub fn emit(host: Option<&web_sys::Element>, name: &str, detail: Option<&JsValue>) {
    let Some(host) = host else { return };
    let init = js_sys::Object::new();
    crate::dom::set_property(&init, "bubbles", &true.into());
    crate::dom::set_property(&init, "composed", &true.into());
    if let Some(detail) = detail {
        crate::dom::set_property(&init, "detail", detail);
    }
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, init.unchecked_ref()) {
        let _ = host.dispatch_event(&event);
    }
}

/// An event's `detail`: a plain object of strings.
pub fn detail(fields: &[(&str, &str)]) -> JsValue {
    crate::browser::plain_object(fields)
}

/// Whether the floating panel is open. Every change goes through [`Opener::set`], so that the
/// page hears `chapeau:open` and `chapeau:close` however it happened: the launcher, Escape,
/// the close button or the JS API.
#[derive(Clone, Copy)]
pub struct Opener {
    pub open: State<bool>,
    host: State<Option<web_sys::Element>>,
}

impl Opener {
    pub fn new(host: Option<web_sys::Element>) -> Opener {
        Opener { open: State::new(false), host: State::new(host) }
    }

    pub fn set(&self, open: bool) {
        if self.open.try_get_untracked().is_some_and(|was| was != open) {
            self.open.set(open);
            let host = self.host.try_get_untracked().flatten();
            emit(host.as_ref(), if open { "chapeau:open" } else { "chapeau:close" }, None);
        }
    }
}
