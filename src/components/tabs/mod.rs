use leptos::prelude::*;

use crate::config::Mode;
use crate::i18n::Catalog;

/// The element ids of a mode's tab and panel, which point to each other.
pub fn ids(mode: Mode) -> (&'static str, &'static str) {
    match mode {
        Mode::Feedback => ("chapeau-tab-feedback", "chapeau-tabpanel-feedback"),
        Mode::Question => ("chapeau-tab-question", "chapeau-tabpanel-question"),
        Mode::Poll => ("chapeau-tab-poll", "chapeau-tabpanel-poll"),
    }
}

/// Tabs between the widget's modes, following the WAI-ARIA tabs pattern: one tab stop, the
/// arrow keys (and Home, End) move between tabs and select them.
#[component]
pub fn Tabs(
    /// The modes, in order.
    modes: Vec<Mode>,
    /// The selected mode.
    active: RwSignal<Mode>,
    /// The strings of the visitor's language.
    catalog: &'static Catalog,
) -> impl IntoView {
    let count = modes.len();
    let order = StoredValue::new(modes.clone());
    let select = move |index: usize| active.set(order.with_value(|m| m[index]));
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let current = order.with_value(|m| m.iter().position(|&x| x == active.get_untracked()).unwrap_or(0));
        let next = match ev.key().as_str() {
            "ArrowRight" | "ArrowDown" => (current + 1) % count,
            "ArrowLeft" | "ArrowUp" => (current + count - 1) % count,
            "Home" => 0,
            "End" => count - 1,
            _ => return,
        };
        ev.prevent_default();
        select(next);
        // Focus follows the selection, within the shadow root the tab lives in.
        if let Some(target) = ev.current_target() {
            use wasm_bindgen::JsCast;
            let list: web_sys::Element = target.unchecked_into();
            if let Ok(Some(tab)) = list.query_selector(&format!("#{}", ids(order.with_value(|m| m[next])).0)) {
                let _ = tab.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        }
    };
    view! {
        <div class="tabs" role="tablist" part="tabs" on:keydown=on_key>
            {modes.into_iter().enumerate().map(|(index, mode)| {
                let (tab, panel) = ids(mode);
                let label = match mode {
                    Mode::Feedback => catalog.tab_feedback,
                    Mode::Question => catalog.tab_question,
                    Mode::Poll => catalog.tab_poll,
                };
                let selected = move || active.get() == mode;
                view! {
                    <button type="button" role="tab" id=tab aria-controls=panel class="tab" part="tab"
                        aria-selected=move || selected().to_string()
                        tabindex=move || if selected() { "0" } else { "-1" }
                        on:click=move |_| select(index)>
                        {label}
                    </button>
                }
            }).collect_view()}
        </div>
    }
}
