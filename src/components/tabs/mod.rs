use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::sender::flag;
use crate::components::use_widget;
use crate::config::Mode;

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
    /// The modes, in tab order.
    modes: Vec<Mode>,
    /// The selected mode.
    active: RwSignal<Mode>,
) -> impl IntoView {
    let c = use_widget().c;
    let order = modes.clone();
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let count = order.len();
        let current = order.iter().position(|&m| m == active.get_untracked()).unwrap_or(0);
        let next = match ev.key().as_str() {
            "ArrowRight" | "ArrowDown" => (current + 1) % count,
            "ArrowLeft" | "ArrowUp" => (current + count - 1) % count,
            "Home" => 0,
            "End" => count - 1,
            _ => return,
        };
        ev.prevent_default();
        active.set(order[next]);
        // Focus follows the selection, within the shadow root the tab lives in.
        let list = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let tab = list.and_then(|list| list.query_selector(&format!("#{}", ids(order[next]).0)).ok().flatten());
        if let Some(tab) = tab.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = tab.focus();
        }
    };
    let buttons = modes
        .into_iter()
        .map(|mode| {
            let (tab, panel) = ids(mode);
            let label = match mode {
                Mode::Feedback => c.tab_feedback(),
                Mode::Question => c.tab_question(),
                Mode::Poll => c.tab_poll(),
            };
            let selected = move || active.get() == mode;
            view! {
                <button type="button" role="tab" class="tab" part="tab" id=tab aria-controls=panel
                    aria-selected=move || flag(selected())
                    tabindex=move || if selected() { "0" } else { "-1" }
                    on:click=move |_| active.set(mode)>
                    {label}
                </button>
            }
        })
        .collect_view();
    view! { <div class="tabs" role="tablist" part="tabs" on:keydown=on_key>{buttons}</div> }
}
