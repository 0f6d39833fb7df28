use crate::state::State;
use wasm_bindgen::JsCast;

use crate::config::Mode;
use crate::dom::{el, focus, object, text_property, El};
use crate::i18n::Catalog;

/// The element ids of a mode's tab and panel, which point to each other.
pub fn ids(mode: Mode) -> (&'static str, &'static str) {
    match mode {
        Mode::Feedback => ("chapeau-tab-feedback", "chapeau-tabpanel-feedback"),
        Mode::Question => ("chapeau-tab-question", "chapeau-tabpanel-question"),
        Mode::Poll => ("chapeau-tab-poll", "chapeau-tabpanel-poll"),
    }
}

/// Tabs between the widget's `modes`, following the WAI-ARIA tabs pattern: one tab stop, the
/// arrow keys (and Home, End) move between tabs and select them. `active` is the selected mode.
pub fn tabs(modes: &[Mode], active: State<Mode>, c: &Catalog) -> El {
    let order = modes.to_vec();
    let count = modes.len();
    let on_key = move |ev: web_sys::Event| {
        let ev: &web_sys::KeyboardEvent = ev.unchecked_ref();
        let current = order.iter().position(|&m| m == active.get_untracked()).unwrap_or(0);
        let next = match text_property(ev, "key").as_deref().unwrap_or_default() {
            "ArrowRight" | "ArrowDown" => (current + 1) % count,
            "ArrowLeft" | "ArrowUp" => (current + count - 1) % count,
            "Home" => 0,
            "End" => count - 1,
            _ => return,
        };
        ev.prevent_default();
        active.set(order[next]);
        // Focus follows the selection, within the shadow root the tab lives in.
        let list: Option<web_sys::Element> = object(ev, "currentTarget");
        let tab = list.and_then(|list| list.query_selector(&crate::text::cat(&["#", ids(order[next]).0])).ok().flatten());
        if let Some(tab) = tab {
            focus(&tab);
        }
    };
    let buttons = modes.iter().map(|&mode| {
        let (tab, panel) = ids(mode);
        let label = match mode {
            Mode::Feedback => c.tab_feedback(),
            Mode::Question => c.tab_question(),
            Mode::Poll => c.tab_poll(),
        };
        let selected = move || active.get() == mode;
        el("button")
            .set("type=button role=tab class=tab part=tab").attr("id", tab).attr("aria-controls", panel)
            .flag_with("aria-selected", selected)
            .attr_with("tabindex", move || if selected() { "0" } else { "-1" })
            .on("click", move |_| active.set(mode))
            .text(label)
    });
    el("div").set("class=tabs role=tablist part=tabs").on("keydown", on_key).children(buttons.collect())
}
