use leptos::html;
use leptos::prelude::*;

use crate::components::feedback_form::FeedbackForm;
use crate::components::launcher::Launcher;
use crate::components::my_questions::MyQuestions;
use crate::components::panel::Panel;
use crate::components::question_form::QuestionForm;
use crate::components::tabs::{ids, Tabs};
use crate::config::{Mode, Position, WidgetConfig};
use crate::i18n::Catalog;

/// The floating widget: a launcher in a corner of the page that opens a panel with the
/// embed's modes, as tabs when there are several. Closing the panel keeps what the visitor
/// typed.
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
    let modes = config.modes.clone();
    let tabbed = modes.len() > 1;
    let active = RwSignal::new(modes[0]);
    let receipts_changed = RwSignal::new(0u32);
    let corner = match config.position {
        Position::BottomRight => "root",
        Position::BottomLeft => "root left",
    };
    view! {
        <div class=corner lang=catalog.lang.tag() part="root">
            <Launcher label=label open=open node_ref=launcher on_toggle=Callback::new(move |()| open.update(|o| *o = !*o)) />
            <Panel title=catalog.panel_title close_label=catalog.close open=open on_close=close>
                {tabbed.then(|| view! { <Tabs modes=modes.clone() active=active catalog=catalog /> })}
                {modes.iter().map(|&mode| {
                    let (tab, panel) = ids(mode);
                    let visible = Signal::derive(move || open.get() && active.get() == mode);
                    // "Your messages" lives with the questions, or with feedback (for complaints)
                    // when the widget takes no questions.
                    let messages_here = mode == Mode::Question || !modes.contains(&Mode::Question);
                    let messages = messages_here.then(|| view! {
                        <MyQuestions config=config.clone() catalog=catalog visible=visible receipts_changed=receipts_changed />
                    });
                    let content = match mode {
                        Mode::Feedback => view! {
                            {messages}
                            <FeedbackForm config=config.clone() catalog=catalog visible=visible receipts_changed=receipts_changed />
                        }.into_any(),
                        // A returning visitor comes for the answers: they come first.
                        Mode::Question => view! {
                            {messages}
                            <QuestionForm config=config.clone() catalog=catalog visible=visible receipts_changed=receipts_changed />
                        }.into_any(),
                    };
                    view! {
                        <div id=panel class="mode" role=tabbed.then_some("tabpanel") aria-labelledby=tabbed.then_some(tab)
                            hidden=move || active.get() != mode>
                            {content}
                        </div>
                    }
                }).collect_view()}
            </Panel>
        </div>
    }
}
