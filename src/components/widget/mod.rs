use leptos::html;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

use crate::components::feedback_form::FeedbackForm;
use crate::components::launcher::{follow_the_panel, Launcher};
use crate::components::my_questions::MyQuestions;
use crate::components::panel::Panel;
use crate::components::poll::Poll;
use crate::components::public_questions::PublicQuestions;
use crate::components::question_form::QuestionForm;
use crate::components::tabs::{ids, Tabs};
use crate::components::{Visible, WidgetContext};
use crate::config::{Mode, Placement, Position};
use crate::events::Opener;

/// The button that opens a floating widget's panel.
#[derive(Clone)]
pub enum LauncherSource {
    /// Drawn by `loader/embed.js` before the module loaded; the widget answers it.
    Loader(SendWrapper<web_sys::HtmlElement>),
    /// Drawn by the widget itself (the `Chapeau` component of a Leptos app).
    Own,
}

/// The widget where it was put: a launcher and its panel in a corner of the page, or inline
/// in an element of the page. Provides the widget's context to every part of it.
#[component]
pub fn Widget(
    /// What every part of the widget shares.
    context: WidgetContext,
    /// Whether the floating panel is open (the JS API's `open` and `close` set it too).
    opener: Opener,
    /// The launcher, for a floating widget.
    launcher: Option<LauncherSource>,
) -> impl IntoView {
    provide_context(context.clone());
    let config = &context.config;
    let c = context.c;
    let mut classes = vec!["root", config.theme.as_str()];
    if config.position == Position::BottomLeft {
        classes.push("left");
    }
    if config.placement == Placement::Inline {
        classes.push("inline");
    }
    let body = match (config.placement, launcher) {
        (Placement::Floating, Some(launcher)) => view! { <Floating opener launcher /> }.into_any(),
        _ => view! {
            <section class="inline-body" part="panel" aria-label=c.panel_title()>
                <ModePanels shown=Signal::stored(true) />
            </section>
        }
        .into_any(),
    };
    view! { <div part="root" class=classes.join(" ") lang=c.lang.tag()>{body}</div> }
}

/// The floating widget: the launcher in a corner of the page opens a panel with the embed's
/// modes. Closing the panel keeps what the visitor typed.
#[component]
fn Floating(
    /// Whether the panel is open.
    opener: Opener,
    /// The launcher that opens it.
    launcher: LauncherSource,
) -> impl IntoView {
    let c = expect_context::<WidgetContext>().c;
    // The loader's launcher is answered from the moment the widget is mounted (crate::mount);
    // the widget's own is drawn here.
    let own = NodeRef::<html::Button>::new();
    let (drawn, loader_launcher) = match launcher {
        LauncherSource::Own => (Some(view! { <Launcher opener node_ref=own /> }), None),
        LauncherSource::Loader(button) => (None, Some(button)),
    };
    let loader_launcher = StoredValue::new_local(loader_launcher.map(SendWrapper::take));
    let launcher = move || loader_launcher.get_value().or_else(|| own.get().map(|b| b.unchecked_into()));
    if loader_launcher.with_value(Option::is_none) {
        follow_the_panel(opener, launcher);
    }
    let is_open = opener.open;
    let close = Callback::new(move |()| {
        opener.set(false);
        if let Some(launcher) = launcher() {
            let _ = launcher.focus();
        }
    });
    view! {
        {drawn}
        <Panel title=c.panel_title() close_label=c.close() open=is_open on_close=close>
            <ModePanels shown=Signal::derive(move || is_open.get()) />
        </Panel>
    }
}

/// The embed's modes: as tabs when there are several, each in its own panel. `shown` says
/// whether the modes are on screen at all (the floating panel may be closed).
#[component]
fn ModePanels(
    /// Whether the modes are on screen.
    shown: Signal<bool>,
) -> impl IntoView {
    let ctx = expect_context::<WidgetContext>();
    let modes = ctx.config.modes.clone();
    let tabbed = modes.len() > 1;
    let active = RwSignal::new(modes[0]);
    let tabs = tabbed.then(|| view! { <Tabs modes=modes.clone() active /> });
    let panels = modes
        .iter()
        .map(|&mode| {
            let (tab, panel) = ids(mode);
            let visible: Visible = Signal::derive(move || shown.get() && active.get() == mode);
            // "Your messages" lives with the questions, or with feedback (for complaints) when
            // the widget takes no questions.
            let messages_here = mode == Mode::Question || (mode == Mode::Feedback && !modes.contains(&Mode::Question));
            let messages = messages_here.then(|| view! { <MyQuestions visible /> });
            let content = match mode {
                Mode::Feedback => view! { <FeedbackForm visible /> }.into_any(),
                // A returning visitor comes for the answers: they come first.
                Mode::Question => {
                    let public = ctx.config.public_questions.then(|| view! { <PublicQuestions visible /> });
                    view! { <QuestionForm visible /> {public} }.into_any()
                }
                Mode::Poll => view! { <Poll visible /> }.into_any(),
            };
            view! {
                <div class="mode" id=panel role=tabbed.then_some("tabpanel") aria-labelledby=tabbed.then_some(tab)
                    hidden=move || active.get() != mode>
                    {messages}
                    {content}
                </div>
            }
        })
        .collect_view();
    view! { {tabs} {panels} }
}
