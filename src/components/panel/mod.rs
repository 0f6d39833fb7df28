use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What Tab can reach in the panel; the honeypot's `tabindex="-1"` keeps it out.
const FOCUSABLE: &str = "button, input:not([tabindex='-1']), textarea, select, [tabindex='0']";

/// Tab from the panel's last control goes back to its first, Shift+Tab from the first to the
/// last: while the panel is open, focus stays in it.
fn keep_focus_inside(ev: &web_sys::KeyboardEvent) {
    let Some(panel) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) else { return };
    let Ok(found) = panel.query_selector_all(FOCUSABLE) else { return };
    // Controls in a hidden tab or a hidden form have no offset parent.
    let reachable: Vec<web_sys::HtmlElement> = (0..found.length())
        .filter_map(|i| found.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|e| e.offset_parent().is_some())
        .collect();
    let (Some(first), Some(last)) = (reachable.first(), reachable.last()) else { return };
    let active = panel.get_root_node().dyn_into::<web_sys::ShadowRoot>().ok().and_then(|r| r.active_element());
    let is = |e: &web_sys::HtmlElement| active.as_ref().is_some_and(|a| a == e.as_ref() as &web_sys::Element);
    let wrap_to = match (ev.shift_key(), is(first), is(last)) {
        (true, true, _) => last,
        (false, _, true) => first,
        _ => return,
    };
    ev.prevent_default();
    let _ = wrap_to.focus();
}

/// Focuses the panel on the next turn, unless focus is already inside it.
fn focus_unless_inside(panel: NodeRef<leptos::html::Section>) {
    set_timeout(
        move || {
            let Some(panel) = panel.get_untracked() else { return };
            let root = panel.get_root_node().dyn_into::<web_sys::ShadowRoot>().ok();
            let active = root.and_then(|r| r.active_element());
            if !active.is_some_and(|a| panel.contains(Some(&a))) {
                let _ = panel.focus();
            }
        },
        Duration::ZERO,
    );
}

/// The panel the launcher opens: a titled dialog. Escape closes it and returns focus to the
/// launcher; Tab and Shift+Tab cycle within it. It is hidden rather than removed when closed, so nothing the
/// visitor typed is lost.
#[component]
pub fn Panel(
    /// The heading, which also names the dialog.
    title: &'static str,
    /// The accessible name of the close button.
    close_label: &'static str,
    /// Whether the panel shows.
    open: RwSignal<bool>,
    /// Called by the close button and Escape.
    on_close: Callback<()>,
    /// The panel's content.
    children: Children,
) -> impl IntoView {
    let panel = NodeRef::<leptos::html::Section>::new();
    // Opened with nothing to type in (a sent form, results) or by the page's script: the
    // dialog itself takes focus, after the forms had their turn.
    Effect::new(move |_| {
        if open.get() {
            set_timeout(move || focus_unless_inside(panel), Duration::ZERO);
        }
    });
    view! {
        <section
            id="chapeau-panel"
            class="panel"
            part="panel"
            role="dialog"
            aria-labelledby="chapeau-title"
            tabindex="-1"
            node_ref=panel
            hidden=move || !open.get()
            on:keydown=move |ev| {
                match ev.key().as_str() {
                    "Escape" => {
                        ev.stop_propagation();
                        on_close.run(());
                    }
                    "Tab" => keep_focus_inside(&ev),
                    _ => {}
                }
            }
        >
            <header class="panel-header">
                <h2 id="chapeau-title" class="panel-title">{title}</h2>
                <button type="button" class="panel-close" part="close" aria-label=close_label on:click=move |_| on_close.run(())>
                    <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
                        <path d="M6 6l12 12M18 6L6 18" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
                    </svg>
                </button>
            </header>
            {children()}
        </section>
    }
}
