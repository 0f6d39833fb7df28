//! The widget's DOM layer: elements made with a few calls, kept up to date by the widget's
//! reactive core (`reactive.rs`: owners, triggers, effects) and its `State`s.
//!
//! Leptos' own renderer would cost more than the whole widget's budget allows (its counter
//! example alone weighs 30.6 KB brotli: see BENCHMARKS.md), so the widget renders with these
//! few functions instead. Each builder method boxes its closure at once and hands it to one
//! non-generic function, so a binding costs its own body and little else.
//!
//! Everything a visitor or a backend wrote goes in as text (text nodes, `textContent`,
//! attribute values): nothing here parses HTML.

use crate::prelude::*;
use core::cell::RefCell;
use alloc::rc::Rc;

use crate::reactive::{effect as run_effect, on_cleanup, untrack, Owner};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, Event, EventTarget, Node};

/// Keeps `value` alive until the current owner is cleaned up: event handlers are freed when
/// the part of the widget that made them is replaced or unmounted.
pub fn keep(value: Box<dyn core::any::Any>) {
    on_cleanup(move || drop(value));
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The page's window: the loader runs the module in one (web-sys' `window()` looks for the
    /// global object four ways, each a binding of its own).
    #[wasm_bindgen(thread_local_v2, js_name = window)]
    static WINDOW: web_sys::Window;
    #[wasm_bindgen(thread_local_v2, js_name = document)]
    static DOCUMENT: web_sys::Document;
}

/// The DOM's methods as the widget calls them, with the names, nodes and values it made itself,
/// which these methods do not throw for: web-sys' own bindings catch an exception on each call,
/// with a wrapper in the glue and a `Result` to unpack here.
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    type Dom;
    #[wasm_bindgen(method, js_name = setAttribute)]
    fn set_attribute(this: &Dom, name: &str, value: &str);
    #[wasm_bindgen(method, js_name = removeAttribute)]
    fn remove_attribute(this: &Dom, name: &str);
    #[wasm_bindgen(method, js_name = toggle)]
    fn toggle(this: &Dom, class: &str, on: bool);
    #[wasm_bindgen(method, js_name = setProperty)]
    fn set_style(this: &Dom, property: &str, value: &str);
    #[wasm_bindgen(method)]
    fn focus(this: &Dom);
    #[wasm_bindgen(method, js_name = addEventListener)]
    fn add_listener(this: &Dom, event: &str, handler: &JsValue);
    #[wasm_bindgen(method, js_name = removeEventListener)]
    fn remove_listener(this: &Dom, event: &str, handler: &JsValue);
    #[wasm_bindgen(method, js_name = setTimeout)]
    fn set_timeout(this: &Dom, task: &JsValue, ms: i32) -> i32;
    #[wasm_bindgen(method, js_name = createElement)]
    fn create_element(this: &Dom, tag: &str) -> Element;
    #[wasm_bindgen(method, js_name = createElementNS)]
    fn create_element_ns(this: &Dom, namespace: &str, tag: &str) -> Element;
}

fn dom(value: &JsValue) -> &Dom {
    value.unchecked_ref()
}

pub fn window() -> web_sys::Window {
    WINDOW.with(Clone::clone)
}

pub fn document() -> web_sys::Document {
    DOCUMENT.with(Clone::clone)
}

/// An element being built. Builder methods take and give it back, so a view reads as a tree.
#[derive(Clone)]
pub struct El(pub Element);

/// A new HTML element.
pub fn el(tag: &str) -> El {
    El(dom(&document()).create_element(tag))
}

/// A new SVG element, for the widget's drawn icons.
pub fn svg(tag: &str) -> El {
    El(dom(&document()).create_element_ns("http://www.w3.org/2000/svg", tag))
}

/// What a binding writes into its node when the signals it reads change.
#[derive(PartialEq)]
enum Write {
    /// An attribute's value, one of the code's own words.
    Attr(&'static str, &'static str),
    /// A boolean attribute (`hidden`): there, or not.
    Present(&'static str, bool),
    /// One class, on or off.
    Class(&'static str, bool),
    /// A text node's data.
    Text(String),
    /// A form control's `value` property.
    Value(String),
    /// A checkbox's or radio button's `checked` property.
    Checked(bool),
}

impl Write {
    fn apply(&self, node: &Node) {
        let element = dom(node);
        match self {
            Write::Attr(name, value) => element.set_attribute(name, value),
            Write::Present(name, true) => element.set_attribute(name, ""),
            Write::Present(name, false) => element.remove_attribute(name),
            Write::Class(class, on) => dom(&property(node, "classList")).toggle(class, *on),
            Write::Text(text) => set_property(node, "textContent", &text.into()),
            Write::Value(value) => {
                // Only when it differs: writing a field's value moves the caret to its end.
                if property(node, "value").as_string().as_deref() != Some(value) {
                    set_property(node, "value", &value.into());
                }
            }
            Write::Checked(on) => set_property(node, "checked", &(*on).into()),
        }
    }
}

/// Writes what `compute` gives into `node` now, and again whenever a signal it read changes.
fn bind(node: Node, compute: Box<dyn Fn() -> Write>) {
    let mut last = None;
    run_effect(Box::new(move || {
        let next = compute();
        if last.as_ref() != Some(&next) {
            next.apply(&node);
            last = Some(next);
        }
    }));
}

/// Runs `f` now, and again whenever a signal it read changes, until the current owner is
/// cleaned up.
pub fn effect(f: impl FnMut() + 'static) {
    run_effect(Box::new(f));
}

/// "true" or "false", as ARIA's states are written.
pub fn flag(on: bool) -> &'static str {
    if on {
        "true"
    } else {
        "false"
    }
}

/// A property of a JavaScript object. Reading through `Reflect` rather than through web-sys'
/// typed getters keeps each getter's binding out of the module and its glue (about 50 bytes
/// each, for some twenty of them).
pub fn property(target: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(target, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

/// A property that holds an object, such as an element (`None` when it holds `null`).
pub fn object<T: JsCast>(target: &JsValue, name: &str) -> Option<T> {
    let value = property(target, name);
    value.is_object().then(|| value.unchecked_into())
}

/// `value` as an array: empty when it is not one (a backend's or a browser's odd answer).
pub fn array(value: JsValue) -> js_sys::Array {
    if js_sys::Array::is_array(&value) {
        value.unchecked_into()
    } else {
        js_sys::Array::new()
    }
}

/// A property that holds text.
pub fn text_property(target: &JsValue, name: &str) -> Option<String> {
    property(target, name).as_string()
}

/// The properties of an object that hold text, as (name, text), in the object's order: what
/// the loader hands over as the embed's attributes, and a catalog file's texts.
pub fn text_entries(object: &JsValue) -> impl Iterator<Item = (String, String)> {
    js_sys::Object::entries(object.unchecked_ref()).into_iter().filter_map(|pair| {
        let pair: js_sys::Array = pair.unchecked_into();
        Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
    })
}

pub fn set_property(target: &JsValue, name: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(target, &name.into(), value);
}

/// The `value` of the control an event happened on.
pub fn target_value(event: &Event) -> String {
    text_property(&property(event, "target"), "value").unwrap_or_default()
}

/// Whether the checkbox or radio button an event happened on is now checked.
pub fn target_checked(event: &Event) -> bool {
    property(&property(event, "target"), "checked").is_truthy()
}

/// An event listener, removed when dropped.
struct Listener {
    target: EventTarget,
    event: String,
    handler: Closure<dyn FnMut(Event)>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        dom(&self.target).remove_listener(&self.event, self.handler.as_ref());
    }
}

/// Calls `handler` with every `event` on `target`, until the current owner is cleaned up.
pub fn listen(target: &EventTarget, event: &str, handler: Box<dyn FnMut(Event)>) {
    let handler = Closure::wrap(handler);
    dom(target).add_listener(event, handler.as_ref());
    keep(Box::new(Listener { target: target.clone(), event: event.into(), handler }));
}

/// Runs `task` after `ms` milliseconds, in a task of its own.
pub fn later(ms: i32, task: Box<dyn FnOnce()>) -> i32 {
    let task = Closure::once_into_js(task);
    dom(&window()).set_timeout(&task, ms)
}

/// Focuses what `slot` holds once the current update has reached the page: the element may be
/// becoming visible, or being drawn, in this very update.
pub fn focus_soon(slot: Slot) {
    later(0, Box::new(move || {
        if let Some(element) = slot.try_get_untracked().flatten() {
            focus(&element);
        }
    }));
}

pub fn focus(element: &Element) {
    dom(element).focus();
}

/// The element that has focus in the shadow root (or the document) `node` is in, if any.
pub fn focused_in_root(node: &Node) -> Option<Element> {
    object(&node.get_root_node(), "activeElement")
}

/// A part of the page drawn again, from scratch, whenever its key changes; its effects and
/// handlers go with it.
struct Part {
    /// Reads the key (tracked) and says whether it changed since the last drawing.
    changed: Box<dyn FnMut() -> bool>,
    /// Draws the part for the key last read.
    draw: Box<dyn Fn() -> Vec<El>>,
}

/// Draws `part` before `anchor` in `parent`, then again whenever its key changes.
fn mount_part(parent: Element, anchor: Node, mut part: Part) {
    let outer = Owner::current();
    let mut shown: Option<(Vec<Element>, Owner)> = None;
    run_effect(Box::new(move || {
        if !(part.changed)() && shown.is_some() {
            return;
        }
        // Its own owner, a child of the part's parent: the effect cleans its own at every run.
        let owner = match &outer {
            Some(outer) => outer.with(Owner::new),
            None => Owner::new(),
        };
        // Drawn while the old part is still there, so that it can see where focus was.
        let drawn = owner.with(|| untrack(|| (part.draw)()));
        let elements: Vec<Element> = drawn.into_iter().map(|el| el.0).collect();
        for element in &elements {
            let _ = parent.insert_before(element, Some(&anchor));
        }
        if let Some((old, old_owner)) = shown.replace((elements, owner)) {
            for element in old {
                element.remove();
            }
            old_owner.cleanup();
        }
    }));
}

impl El {
    /// Sets an attribute.
    pub fn attr(self, name: &str, value: &str) -> El {
        dom(&self.0).set_attribute(name, value);
        self
    }

    /// Sets attributes written as `name=value`, or `name` alone for an empty one, separated
    /// by spaces (so values without spaces: others go through [`El::attr`]). One string is
    /// smaller in the widget than a table of pairs.
    pub fn set(self, attributes: &str) -> El {
        for attribute in attributes.split(' ') {
            let (name, value) = attribute.split_once('=').unwrap_or((attribute, ""));
            dom(&self.0).set_attribute(name, value);
        }
        self
    }

    /// Sets the `class` attribute.
    pub fn class(self, classes: &str) -> El {
        self.attr("class", classes)
    }

    /// Sets `name` only when `value` is there.
    pub fn attr_opt(self, name: &str, value: Option<&str>) -> El {
        match value {
            Some(value) => self.attr(name, value),
            None => self,
        }
    }

    /// Appends a text node.
    pub fn text(self, text: &str) -> El {
        let _ = self.0.append_child(&document().create_text_node(text));
        self
    }

    /// Appends an element.
    pub fn child(self, child: El) -> El {
        let _ = self.0.append_child(&child.0);
        self
    }

    /// Appends each element.
    pub fn children(self, children: Vec<El>) -> El {
        children.into_iter().fold(self, El::child)
    }

    /// Appends the element if there is one.
    pub fn child_opt(self, child: Option<El>) -> El {
        match child {
            Some(child) => self.child(child),
            None => self,
        }
    }

    /// Sets one CSS property (through the CSSOM: a strict CSP refuses `style` attributes).
    pub fn style(self, name: &str, value: &str) -> El {
        dom(&property(&self.0, "style")).set_style(name, value);
        self
    }

    /// Hands the element to `build`, which appends to it (a component, say).
    pub fn with(self, build: impl FnOnce(El) -> El) -> El {
        build(self)
    }

    /// Calls `handler` with every `event` on this element.
    pub fn on(self, event: &str, handler: impl FnMut(Event) + 'static) -> El {
        listen(&self.0, event, Box::new(handler));
        self
    }

    /// Keeps attribute `name` at what `value` gives.
    pub fn attr_with(self, name: &'static str, value: impl Fn() -> &'static str + 'static) -> El {
        bind(self.0.clone().into(), Box::new(move || Write::Attr(name, value())));
        self
    }

    /// Keeps an ARIA state such as `aria-invalid` at "true" or "false".
    pub fn flag_with(self, name: &'static str, on: impl Fn() -> bool + 'static) -> El {
        bind(self.0.clone().into(), Box::new(move || Write::Attr(name, flag(on()))));
        self
    }

    /// Keeps the element `hidden` while `hidden` holds.
    pub fn hidden_with(self, hidden: impl Fn() -> bool + 'static) -> El {
        bind(self.0.clone().into(), Box::new(move || Write::Present("hidden", hidden())));
        self
    }

    /// Keeps `class` on the element while `on` holds.
    pub fn class_with(self, class: &'static str, on: impl Fn() -> bool + 'static) -> El {
        bind(self.0.clone().into(), Box::new(move || Write::Class(class, on())));
        self
    }

    /// Appends a text node that follows what `text` gives.
    pub fn text_with(self, text: impl Fn() -> String + 'static) -> El {
        let node = document().create_text_node("");
        let _ = self.0.append_child(&node);
        bind(node.into(), Box::new(move || Write::Text(text())));
        self
    }

    /// Keeps a field's `value` at what `value` gives.
    pub fn value_with(self, value: impl Fn() -> String + 'static) -> El {
        bind(self.0.clone().into(), Box::new(move || Write::Value(value())));
        self
    }

    /// Keeps a checkbox or radio button checked while `on` holds.
    pub fn checked_with(self, on: impl Fn() -> bool + 'static) -> El {
        bind(self.0.clone().into(), Box::new(move || Write::Checked(on())));
        self
    }

    /// Appends a part drawn by `draw` for the value of `key`, and drawn again, from scratch,
    /// whenever that value changes (not when other signals `draw` reads do).
    pub fn part<K: PartialEq + 'static>(self, key: impl Fn() -> K + 'static, draw: impl Fn(&K) -> Vec<El> + 'static) -> El {
        let current: Rc<RefCell<Option<K>>> = Rc::default();
        let seen = current.clone();
        let changed = Box::new(move || {
            let next = Some(key());
            let changed = *seen.borrow() != next;
            if changed {
                *seen.borrow_mut() = next;
            }
            changed
        });
        let draw = Box::new(move || current.borrow().as_ref().map(&draw).unwrap_or_default());
        let anchor: Node = document().create_text_node("").into();
        let _ = self.0.append_child(&anchor);
        mount_part(self.0.clone(), anchor, Part { changed, draw });
        self
    }

    /// Appends what `draw` gives while `shown` holds.
    pub fn part_when(self, shown: impl Fn() -> bool + 'static, draw: impl Fn() -> Vec<El> + 'static) -> El {
        self.part(shown, move |shown| if *shown { draw() } else { Vec::new() })
    }

    /// Puts the element in `slot`, for the code that needs it later (to focus it, say).
    pub fn keep_in(self, slot: Slot) -> El {
        slot.set(Some(self.0.clone()));
        self
    }
}

/// Where a component keeps an element it needs later, such as a field to focus.
pub type Slot = crate::state::State<Option<Element>>;
