use crate::prelude::*;
use alloc::rc::Rc;

use crate::state::State;
use wasm_bindgen::JsCast;

use crate::dom::{effect, el, focus, focused_in_root, later, property, svg, text_property, El};

/// What Tab can reach in the panel; the honeypot's `tabindex="-1"` keeps it out.
const FOCUSABLE: &str = "button, input:not([tabindex='-1']), textarea, select, [tabindex='0']";

/// Tab from the panel's last control goes back to its first, Shift+Tab from the first to the
/// last: while the panel is open, focus stays in it.
fn keep_focus_inside(panel: &web_sys::Element, ev: &web_sys::KeyboardEvent) {
    let Ok(found) = panel.query_selector_all(FOCUSABLE) else { return };
    // Controls in a hidden tab or a hidden form have no offset parent.
    let reachable: Vec<web_sys::Element> = (0..found.length())
        .filter_map(|i| found.item(i))
        .map(JsCast::unchecked_into::<web_sys::Element>)
        .filter(|e| property(e, "offsetParent").is_object())
        .collect();
    let (Some(first), Some(last)) = (reachable.first(), reachable.last()) else { return };
    let active = focused_in_root(panel);
    let is = |e: &web_sys::Element| active.as_ref() == Some(e);
    let wrap_to = match (property(ev, "shiftKey").is_truthy(), is(first), is(last)) {
        (true, true, _) => last,
        (false, _, true) => first,
        _ => return,
    };
    ev.prevent_default();
    focus(wrap_to);
}

/// The panel the launcher opens: a dialog titled `title`, whose close button is named
/// `close_label`. Escape closes it (`on_close`, which returns focus to the launcher); Tab and
/// Shift+Tab cycle within it. It is hidden rather than removed while `open` is false, so
/// nothing the visitor typed is lost. `content` appends what it holds.
pub fn panel(title: &str, close_label: &str, open: State<bool>, on_close: Rc<dyn Fn()>, content: impl FnOnce(El) -> El) -> El {
    let panel = el("section").set("id=chapeau-panel class=panel part=panel role=dialog aria-labelledby=chapeau-title tabindex=-1");
    // Opened with nothing to type in (a sent form, results) or by the page's script: the
    // dialog itself takes focus, after the forms had their turn.
    let element = panel.0.clone();
    effect(move || {
        if open.get() {
            let element = element.clone();
            let focus_unless_inside = move || {
                if !focused_in_root(&element).is_some_and(|a| element.contains(Some(&a))) {
                    focus(&element);
                }
            };
            later(0, Box::new(move || {
                later(0, Box::new(focus_unless_inside));
            }));
        }
    });
    let close = on_close.clone();
    let icon = svg("svg")
        .set("width=18 height=18 aria-hidden=true focusable=false").attr("viewBox", "0 0 24 24")
        .child(svg("path").set("stroke=currentColor stroke-width=2 stroke-linecap=round").attr("d", "M6 6l12 12M18 6L6 18"));
    let header = el("header")
        .class("panel-header")
        .child(el("h2").set("id=chapeau-title class=panel-title").text(title))
        .child(el("button").set("type=button class=panel-close part=close").attr("aria-label", close_label).on("click", move |_| close()).child(icon));
    let element = panel.0.clone();
    panel
        .hidden_with(move || !open.get())
        .on("keydown", move |ev| {
            let ev: &web_sys::KeyboardEvent = ev.unchecked_ref();
            match text_property(ev, "key").as_deref().unwrap_or_default() {
                "Escape" => {
                    ev.stop_propagation();
                    on_close();
                }
                "Tab" => keep_focus_inside(&element, ev),
                _ => {}
            }
        })
        .child(header)
        .with(content)
}
