use leptos::html;
use leptos::prelude::*;

use crate::components::feedback_form::FeedbackForm;
use crate::components::launcher::Launcher;
use crate::components::panel::Panel;
use crate::config::{Position, WidgetConfig};
use crate::i18n::Catalog;

/// The floating widget: a launcher in a corner of the page that opens a panel with the
/// feedback form. Closing the panel keeps what the visitor typed.
#[component]
pub fn FloatingWidget(
    /// The embed's configuration.
    config: WidgetConfig,
    /// The strings of the visitor's language.
    catalog: &'static Catalog,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let launcher = NodeRef::<html::Button>::new();
    let close = Callback::new(move |()| {
        open.set(false);
        if let Some(button) = launcher.get_untracked() {
            let _ = button.focus();
        }
    });
    let label = config.launcher_label.clone().unwrap_or_else(|| catalog.launcher.to_string());
    let corner = match config.position {
        Position::BottomRight => "root",
        Position::BottomLeft => "root left",
    };
    view! {
        <div class=corner lang=catalog.lang.tag() part="root">
            <Launcher label=label open=open node_ref=launcher on_toggle=Callback::new(move |()| open.update(|o| *o = !*o)) />
            <Panel title=catalog.panel_title close_label=catalog.close open=open on_close=close>
                <FeedbackForm config=config catalog=catalog visible=open.into() />
            </Panel>
        </div>
    }
}
