use leptos::html;
use leptos::prelude::*;

/// The button that opens and closes the panel. A real `<button>`, so Enter and Space work
/// and screen readers announce whether the panel is expanded.
#[component]
pub fn Launcher(
    /// The visible label.
    label: String,
    /// Whether the panel is open, for `aria-expanded`.
    open: RwSignal<bool>,
    /// The element, so that closing the panel can return focus to it.
    node_ref: NodeRef<html::Button>,
    /// Called on activation.
    on_toggle: Callback<()>,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class="launcher"
            part="launcher"
            aria-controls="chapeau-panel"
            aria-expanded=move || open.get().to_string()
            node_ref=node_ref
            on:click=move |_| on_toggle.run(())
        >
            <svg class="launcher-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                <path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z" fill="currentColor" />
            </svg>
            <span>{label}</span>
        </button>
    }
}
