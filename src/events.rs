//! Telling the host page what happens: DOM `CustomEvent`s dispatched on the widget's host
//! element (they bubble and cross the shadow boundary, so a page may listen on `document`),
//! and, in a Leptos app, the `Chapeau` component's `on_event` callback.

use chapeau_protocol::Kind;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// What the widget tells the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChapeauEvent {
    /// The widget is mounted and answers the JS API.
    Ready,
    /// The floating panel opened.
    Open,
    /// The floating panel closed.
    Close,
    /// A submission was delivered.
    Submit { kind: Kind, id: String },
    /// A submission could not be delivered now: it waits in the browser's outbox, which
    /// delivers it by itself.
    Queued { kind: Kind, id: String },
    /// Something went wrong; `problem` names it (`message_required`, `network`, `load`,
    /// `fault`…), with the submission's kind and id when one was sent.
    Error { problem: &'static str, submission: Option<(Kind, String)> },
}

impl ChapeauEvent {
    /// The DOM event's name: `chapeau:submit`.
    pub fn name(&self) -> &'static str {
        match self {
            ChapeauEvent::Ready => "chapeau:ready",
            ChapeauEvent::Open => "chapeau:open",
            ChapeauEvent::Close => "chapeau:close",
            ChapeauEvent::Submit { .. } => "chapeau:submit",
            ChapeauEvent::Queued { .. } => "chapeau:queued",
            ChapeauEvent::Error { .. } => "chapeau:error",
        }
    }

    /// The DOM event's `detail`, as (key, value) pairs: none for the panel's events.
    pub fn detail(&self) -> Option<Vec<(&'static str, &str)>> {
        match self {
            ChapeauEvent::Ready | ChapeauEvent::Open | ChapeauEvent::Close => None,
            ChapeauEvent::Submit { kind, id } | ChapeauEvent::Queued { kind, id } => Some(vec![("kind", kind.as_str()), ("id", id.as_str())]),
            ChapeauEvent::Error { problem, submission: sent } => {
                let mut fields = vec![("problem", *problem)];
                if let Some((kind, id)) = sent {
                    fields.extend([("kind", kind.as_str()), ("id", id.as_str())]);
                }
                Some(fields)
            }
        }
    }
}

/// Where a widget's events go: its host element, and a Leptos app's callback.
#[derive(Clone, Copy)]
pub struct Events {
    host: StoredValue<Option<web_sys::Element>, LocalStorage>,
    callback: Option<Callback<ChapeauEvent>>,
}

impl Events {
    pub fn new(host: Option<web_sys::Element>, callback: Option<Callback<ChapeauEvent>>) -> Events {
        Events { host: StoredValue::new_local(host), callback }
    }

    /// Tells the page; a listener that throws cannot reach the widget.
    pub fn emit(&self, event: ChapeauEvent) {
        if let Some(host) = self.host.try_get_value().flatten() {
            dispatch(&host, &event);
        }
        if let Some(callback) = self.callback {
            callback.run(event);
        }
    }
}

/// Dispatches `event` on `host`, bubbling out of the shadow root.
pub fn dispatch(host: &web_sys::Element, event: &ChapeauEvent) {
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    if let Some(fields) = event.detail() {
        let detail = js_sys::Object::new();
        for (key, value) in fields {
            let _ = js_sys::Reflect::set(&detail, &key.into(), &JsValue::from_str(value));
        }
        init.set_detail(&detail);
    }
    if let Ok(dom_event) = web_sys::CustomEvent::new_with_event_init_dict(event.name(), &init) {
        let _ = host.dispatch_event(&dom_event);
    }
}

/// Whether the floating panel is open. Every change goes through [`Opener::set`], so that the
/// page hears `chapeau:open` and `chapeau:close` however it happened: the launcher, Escape,
/// the close button or the JS API.
#[derive(Clone, Copy)]
pub struct Opener {
    pub open: RwSignal<bool>,
    events: Events,
}

impl Opener {
    pub fn new(events: Events) -> Opener {
        Opener { open: RwSignal::new(false), events }
    }

    pub fn set(&self, open: bool) {
        if self.open.try_get_untracked().is_some_and(|was| was != open) {
            self.open.set(open);
            self.events.emit(if open { ChapeauEvent::Open } else { ChapeauEvent::Close });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_event_names_itself_and_says_what_the_page_needs() {
        let id = "0190b7a2-3c4d-7e5f-8a6b-7c8d9e0f1a2b".to_string();
        assert_eq!(ChapeauEvent::Open.name(), "chapeau:open");
        assert_eq!(ChapeauEvent::Open.detail(), None);
        let submit = ChapeauEvent::Submit { kind: Kind::Feedback, id: id.clone() };
        assert_eq!((submit.name(), submit.detail()), ("chapeau:submit", Some(vec![("kind", "feedback"), ("id", id.as_str())])));
        let refused = ChapeauEvent::Error { problem: "server", submission: Some((Kind::Question, id.clone())) };
        assert_eq!(refused.detail(), Some(vec![("problem", "server"), ("kind", "question"), ("id", id.as_str())]));
        assert_eq!(ChapeauEvent::Error { problem: "load", submission: None }.detail(), Some(vec![("problem", "load")]));
    }
}
