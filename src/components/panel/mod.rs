use leptos::prelude::*;

/// The panel the launcher opens: a titled, non-modal dialog. Escape closes it and returns
/// focus to the launcher. It is hidden rather than removed when closed, so nothing the
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
    view! {
        <section
            id="chapeau-panel"
            class="panel"
            part="panel"
            role="dialog"
            aria-labelledby="chapeau-title"
            hidden=move || !open.get()
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    ev.stop_propagation();
                    on_close.run(());
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
