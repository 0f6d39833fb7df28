use leptos::html;
use leptos::prelude::*;

use crate::components::sender::flag;
use crate::components::use_widget;
use crate::config::Position;
use crate::events::Opener;

/// The floating widget's launcher, for a widget that draws its own (the `Chapeau` component):
/// the same button `loader/embed.js` draws for an embedded one, in its corner of the page,
/// with its icon and words. It opens and closes the panel.
#[component]
pub fn Launcher(
    /// Whether the panel is open.
    opener: Opener,
    /// Receives the button, which takes focus back when the panel closes.
    node_ref: NodeRef<html::Button>,
) -> impl IntoView {
    let ctx = use_widget();
    let config = &ctx.config;
    let class = if config.position == Position::BottomLeft { "launcher left" } else { "launcher" };
    let label = config.launcher_label.clone().unwrap_or_else(|| ctx.c.launcher().to_string());
    let icon = config.launcher_icon.path().map(|path| {
        view! {
            <svg part="launcher-icon" viewBox="0 0 24 24" width="20" aria-hidden="true">
                <path fill="currentColor" d=path />
            </svg>
        }
    });
    let is_open = opener.open;
    view! {
        <button type="button" class=class part="launcher" aria-controls="chapeau-panel" node_ref=node_ref
            aria-expanded=move || flag(is_open.get())
            on:click=move |_| opener.set(!is_open.get_untracked())>
            {icon}
            <span>{label}</span>
        </button>
    }
}
