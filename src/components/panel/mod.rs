use std::time::Duration;

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::sender::focused_in_root;

/// What Tab can reach in the panel; the honeypot's `tabindex="-1"` keeps it out.
const FOCUSABLE: &str = "button, input:not([tabindex='-1']), textarea, select, [tabindex='0']";

/// Tab from the panel's last control goes back to its first, Shift+Tab from the first to the
/// last: while the panel is open, focus stays in it.
fn keep_focus_inside(panel: &web_sys::HtmlElement, ev: &web_sys::KeyboardEvent) {
    let Ok(found) = panel.query_selector_all(FOCUSABLE) else { return };
    // Controls in a hidden tab or a hidden form have no offset parent.
    let reachable: Vec<web_sys::HtmlElement> = (0..found.length())
        .filter_map(|i| found.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|e| e.offset_parent().is_some())
        .collect();
    let (Some(first), Some(last)) = (reachable.first(), reachable.last()) else { return };
    let active = focused_in_root(panel);
    let is = |e: &web_sys::HtmlElement| active.as_ref() == Some(e.unchecked_ref::<web_sys::Element>());
    let wrap_to = match (ev.shift_key(), is(first), is(last)) {
        (true, true, _) => last,
        (false, _, true) => first,
        _ => return,
    };
    ev.prevent_default();
    let _ = wrap_to.focus();
}

/// The panel the launcher opens: a dialog titled `title`. Escape closes it (`on_close`, which
/// returns focus to the launcher); Tab and Shift+Tab cycle within it. It is hidden rather than
/// removed while closed, so nothing the visitor typed is lost.
#[component]
pub fn Panel(
    /// The heading, which names the dialog.
    title: &'static str,
    /// The accessible name of the close button.
    close_label: &'static str,
    /// Whether the panel shows.
    open: RwSignal<bool>,
    /// Called by the close button and Escape.
    on_close: Callback<()>,
    /// What the panel holds.
    children: Children,
) -> impl IntoView {
    let panel = NodeRef::<html::Section>::new();
    // Opened with nothing to type in (a sent form, results) or by the page's script: the
    // dialog itself takes focus, after the forms had their turn.
    Effect::new(move || {
        if open.get() {
            set_timeout(
                move || {
                    set_timeout(
                        move || {
                            let Some(panel) = panel.get_untracked() else { return };
                            if !focused_in_root(&panel).is_some_and(|a| panel.contains(Some(&a))) {
                                let _ = panel.focus();
                            }
                        },
                        Duration::ZERO,
                    )
                },
                Duration::ZERO,
            );
        }
    });
    view! {
        <section id="chapeau-panel" class="panel" part="panel" role="dialog" aria-labelledby="chapeau-title" tabindex="-1"
            node_ref=panel hidden=move || !open.get()
            on:keydown=move |ev| match ev.key().as_str() {
                "Escape" => {
                    ev.stop_propagation();
                    on_close.run(());
                }
                "Tab" => {
                    if let Some(panel) = panel.get_untracked() {
                        keep_focus_inside(&panel, &ev);
                    }
                }
                _ => {}
            }>
            <header class="panel-header">
                <h2 id="chapeau-title" class="panel-title">{title}</h2>
                <button type="button" class="panel-close" part="close" aria-label=close_label on:click=move |_| on_close.run(())>
                    <svg width="18" height="18" aria-hidden="true" focusable="false" viewBox="0 0 24 24">
                        <path stroke="currentColor" stroke-width="2" stroke-linecap="round" d="M6 6l12 12M18 6L6 18" />
                    </svg>
                </button>
            </header>
            {children()}
        </section>
    }
}
