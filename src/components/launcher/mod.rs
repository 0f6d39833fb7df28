use leptos::html;
use leptos::prelude::*;

use crate::config::LauncherIcon;

/// The outline of each icon, drawn in a 24×24 box.
fn icon_path(icon: LauncherIcon) -> Option<&'static str> {
    match icon {
        LauncherIcon::Chat => Some("M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"),
        LauncherIcon::Heart => Some("M12 21s-8-5.3-8-11a4.5 4.5 0 0 1 8-2.8A4.5 4.5 0 0 1 20 10c0 5.7-8 11-8 11z"),
        LauncherIcon::Star => Some("M12 2l3 6.6 7.2.8-5.4 4.9 1.5 7.1L12 17.8 5.7 21.4l1.5-7.1L1.8 9.4 9 8.6z"),
        LauncherIcon::Question => Some("M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm1 16h-2v-2h2zm2.1-7.8-.9.9c-.7.7-1.2 1.3-1.2 2.9h-2v-.5c0-1.1.5-2.1 1.2-2.8l1.2-1.3a2 2 0 1 0-3.4-1.4H8a4 4 0 1 1 7.1 2.2z"),
        LauncherIcon::None => None,
    }
}

/// The button that opens and closes the panel. A real `<button>`, so Enter and Space work
/// and screen readers announce whether the panel is expanded.
#[component]
pub fn Launcher(
    /// The visible label.
    label: String,
    /// The icon before it.
    icon: LauncherIcon,
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
            {icon_path(icon).map(|d| view! {
                <svg class="launcher-icon" part="launcher-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                    <path d=d fill="currentColor" />
                </svg>
            })}
            <span>{label}</span>
        </button>
    }
}
