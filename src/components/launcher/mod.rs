use leptos::html;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

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

/// The loader's launcher, answered by the widget from the moment it is mounted (before its
/// texts arrive, if they are late): a click opens or closes the panel.
pub fn answer_clicks(button: &web_sys::HtmlElement, opener: Opener) {
    let toggle = Closure::<dyn Fn()>::new(move || opener.set(!opener.open.try_get_untracked().unwrap_or(true)));
    let _ = button.add_event_listener_with_callback("click", toggle.as_ref().unchecked_ref());
    let listened = SendWrapper::new((button.clone(), toggle));
    on_cleanup(move || {
        let (button, toggle) = listened.take();
        let _ = button.remove_event_listener_with_callback("click", toggle.as_ref().unchecked_ref());
    });
}

/// Keeps the launcher's `aria-expanded` true to the panel; when the page's script closes the
/// panel while the visitor was in it, focus (lost with the panel) goes back to the launcher.
/// Focus elsewhere on the page stays there.
pub fn follow_the_panel(opener: Opener, launcher: impl Fn() -> Option<web_sys::HtmlElement> + 'static) {
    let is_open = opener.open;
    Effect::new(move |was_open: Option<bool>| {
        let now_open = is_open.get();
        let Some(launcher) = launcher() else { return now_open };
        let _ = launcher.set_attribute("aria-expanded", flag(now_open));
        if was_open == Some(true) && !now_open {
            let document = launcher.owner_document();
            let active = document.as_ref().and_then(|d| d.active_element());
            let body = document.and_then(|d| d.body()).map(|b| b.unchecked_into::<web_sys::Element>());
            if active.is_none() || active == body {
                let _ = launcher.focus();
            }
        }
        now_open
    });
}
