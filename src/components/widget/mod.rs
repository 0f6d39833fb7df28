use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::feedback_form::FeedbackForm;
use crate::components::my_questions::MyQuestions;
use crate::components::panel::Panel;
use crate::components::poll::Poll;
use crate::components::public_questions::PublicQuestions;
use crate::components::question_form::QuestionForm;
use crate::components::tabs::{ids, Tabs};
use crate::config::{Mode, Placement, Position, WidgetConfig};
use crate::events::Opener;
use crate::i18n::Catalog;

/// The widget where the embed put it: a launcher and its panel in a corner of the page, or
/// inline in a container element of the page.
#[component]
pub fn Widget(
    /// The embed's configuration.
    config: WidgetConfig,
    /// The strings of the visitor's language.
    catalog: &'static Catalog,
    /// Whether the floating panel is open; the JS API's `open` and `close` set it too.
    open: Opener,
    /// The loader's launcher, for a floating widget.
    launcher: Option<SendWrapper<web_sys::HtmlElement>>,
) -> impl IntoView {
    let mut classes = vec!["root", config.theme.as_str()];
    if config.position == Position::BottomLeft {
        classes.push("left");
    }
    if config.placement == Placement::Inline {
        classes.push("inline");
    }
    let lang = catalog.lang.tag();
    match (config.placement, launcher) {
        (Placement::Floating, Some(launcher)) => view! {
            <div class=classes.join(" ") lang=lang part="root">
                <FloatingWidget config=config catalog=catalog open=open launcher=launcher />
            </div>
        }.into_any(),
        _ => view! {
            <div class=classes.join(" ") lang=lang part="root">
                <section class="inline-body" part="panel" aria-label=catalog.panel_title>
                    <ModePanels config=config catalog=catalog shown=Signal::stored(true) />
                </section>
            </div>
        }.into_any(),
    }
}

/// The floating widget: the launcher the loader drew in a corner of the page opens a panel
/// with the embed's modes. Closing the panel keeps what the visitor typed; opening and closing
/// are told to the page as `chapeau:open` and `chapeau:close`.
#[component]
fn FloatingWidget(
    /// The embed's configuration.
    config: WidgetConfig,
    /// The strings of the visitor's language.
    catalog: &'static Catalog,
    /// Whether the panel is open.
    open: Opener,
    /// The launcher button, drawn by the loader before the widget loaded.
    launcher: SendWrapper<web_sys::HtmlElement>,
) -> impl IntoView {
    let launcher = StoredValue::new(launcher);
    let focus_launcher = move || launcher.with_value(|l| l.focus());
    let close = Callback::new(move |()| {
        open.set(false);
        let _ = focus_launcher();
    });
    let open_now = open.open;
    // The launcher is the loader's button: the widget answers its clicks from now on.
    let on_click = Closure::<dyn Fn()>::new(move || open.set(!open.open.try_get_untracked().unwrap_or(true)));
    let _ = launcher.with_value(|l| l.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref()));
    let on_click = SendWrapper::new(on_click);
    on_cleanup(move || {
        let _ = launcher.with_value(|l| l.remove_event_listener_with_callback("click", on_click.as_ref().unchecked_ref()));
    });
    Effect::new(move |was_open: Option<bool>| {
        let is_open = open_now.get();
        let _ = launcher.with_value(|l| l.set_attribute("aria-expanded", if is_open { "true" } else { "false" }));
        // Closed by the page's script while the visitor was in the panel: focus was lost with
        // the panel, so it goes back to the launcher. Focus elsewhere on the page stays there.
        if was_open == Some(true) && !is_open {
            let body: Option<web_sys::Element> = document().body().map(Into::into);
            if document().active_element().is_none_or(|e| Some(e) == body) {
                let _ = focus_launcher();
            }
        }
        is_open
    });
    view! {
        <Panel title=catalog.panel_title close_label=catalog.close open=open_now on_close=close>
            <ModePanels config=config catalog=catalog shown=open_now.into() />
        </Panel>
    }
}

/// The embed's modes, as tabs when there are several, each in its own panel.
#[component]
fn ModePanels(
    /// The embed's configuration.
    config: WidgetConfig,
    /// The strings of the visitor's language.
    catalog: &'static Catalog,
    /// Whether the modes are on screen at all (the floating panel may be closed).
    shown: Signal<bool>,
) -> impl IntoView {
    let modes = config.modes.clone();
    let tabbed = modes.len() > 1;
    let active = RwSignal::new(modes[0]);
    let receipts_changed = RwSignal::new(0u32);
    view! {
        {tabbed.then(|| view! { <Tabs modes=modes.clone() active=active catalog=catalog /> })}
        {modes.iter().map(|&mode| {
            let (tab, panel) = ids(mode);
            let visible = Signal::derive(move || shown.get() && active.get() == mode);
            // "Your messages" lives with the questions, or with feedback (for complaints)
            // when the widget takes no questions.
            let messages_here = mode == Mode::Question || (mode == Mode::Feedback && !modes.contains(&Mode::Question));
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
                    {config.public_questions.then(|| view! { <PublicQuestions config=config.clone() catalog=catalog visible=visible /> })}
                }.into_any(),
                Mode::Poll => view! { <Poll config=config.clone() catalog=catalog visible=visible /> }.into_any(),
            };
            view! {
                <div id=panel class="mode" role=tabbed.then_some("tabpanel") aria-labelledby=tabbed.then_some(tab)
                    hidden=move || active.get() != mode>
                    {content}
                </div>
            }
        }).collect_view()}
    }
}
