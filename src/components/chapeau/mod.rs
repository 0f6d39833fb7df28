use leptos::html;
use leptos::prelude::*;

use crate::catalogs::TextSource;
use crate::components::widget::LauncherSource;
use crate::config::{BackendKind, LauncherIcon, Mode, Position, RatingStyle, Theme, WidgetConfig};
use crate::events::{ChapeauEvent, Events};
use crate::i18n::Lang;
use crate::mount::{draw, DrawOptions, Drawn};

/// The Chapeau widget for a Leptos app: feedback, questions and polls, in its own shadow root
/// so that the app's CSS cannot reach it. Each prop is the `data-*` attribute of the same name
/// (in snake_case) of the script tag, read and checked by the same rules: a mistake in an
/// optional prop is named on the console and replaced by its default; an unusable `site` or
/// `endpoint` is named on the console and nothing is drawn.
///
/// Inline where it is placed, unless given a `position`: then a launcher floats in that corner
/// of the viewport and opens the panel.
///
/// ```ignore
/// view! { <Chapeau site="acme" endpoint="https://feedback.acme.example" modes=vec![Mode::Feedback, Mode::Question] /> }
/// ```
#[component]
pub fn Chapeau(
    /// The site's id in the collector (`data-site`).
    #[prop(into)]
    site: String,
    /// Where submissions go (`data-endpoint`): the collector's base URL, or with
    /// `backend=BackendKind::Post` any URL that accepts a POST. Relative to the page, if not
    /// absolute.
    #[prop(into)]
    endpoint: String,
    /// Which kind of backend `endpoint` is (`data-backend`); the collector by default.
    #[prop(optional)]
    backend: BackendKind,
    /// What the widget offers, in tab order (`data-modes`): by default the poll when there is
    /// one, else feedback.
    #[prop(optional)]
    modes: Vec<Mode>,
    /// The poll's id (`data-poll`): the collector's, or one defined by `poll_question` and
    /// `poll_options` for a post-level backend.
    #[prop(optional, into)]
    poll: Option<String>,
    /// A post-level backend's poll: its question (`data-poll-question`).
    #[prop(optional, into)]
    poll_question: Option<String>,
    /// A post-level backend's poll: its options, as `id=Label|id=Label` (`data-poll-options`).
    #[prop(optional, into)]
    poll_options: Option<String>,
    /// A post-level backend's poll takes several answers (`data-poll-multiple`).
    #[prop(optional)]
    poll_multiple: bool,
    /// The question mode lists the answered questions the team made public
    /// (`data-public-questions`).
    #[prop(optional)]
    public_questions: bool,
    /// The widget's language (`data-lang`); by default the page's, else the browser's.
    #[prop(optional)]
    lang: Option<Lang>,
    /// Light, dark, or the visitor's system preference (`data-theme`).
    #[prop(optional)]
    theme: Theme,
    /// Stars or faces for the rating (`data-rating`).
    #[prop(optional)]
    rating: RatingStyle,
    /// The corner a floating launcher sits in (`data-position`); without one, the widget is
    /// inline where it is placed.
    #[prop(optional)]
    position: Option<Position>,
    /// The floating launcher's words (`data-launcher-label`); by default the catalog's.
    #[prop(optional, into)]
    launcher_label: Option<String>,
    /// The floating launcher's icon (`data-launcher-icon`).
    #[prop(optional)]
    launcher_icon: LauncherIcon,
    /// Your own data, sent with every submission (`data-meta-*`).
    #[prop(optional)]
    meta: Vec<(String, String)>,
    /// Where the catalog files are served (the folder holding `catalogs/`), to download only
    /// the visitor's language; by default the seven are compiled in.
    #[prop(optional, into)]
    catalogs: Option<String>,
    /// Hears what the DOM events of the script tag's widget say (`chapeau:submit`…).
    #[prop(optional, into)]
    on_event: Option<Callback<ChapeauEvent>>,
) -> impl IntoView {
    let mut attributes = vec![
        ("site".to_string(), site),
        ("endpoint".to_string(), absolute(&endpoint)),
        ("backend".to_string(), backend.as_str().to_string()),
        ("theme".to_string(), theme.as_str().to_string()),
        ("rating".to_string(), rating.as_str().to_string()),
        ("launcher-icon".to_string(), launcher_icon.as_str().to_string()),
        ("lang".to_string(), lang.map_or("auto", Lang::tag).to_string()),
    ];
    if !modes.is_empty() {
        attributes.push(("modes".into(), modes.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(",")));
    }
    let optional = [("poll", poll), ("poll-question", poll_question), ("poll-options", poll_options), ("launcher-label", launcher_label)];
    attributes.extend(optional.into_iter().filter_map(|(name, value)| Some((name.to_string(), value?))));
    for (name, on) in [("poll-multiple", poll_multiple), ("public-questions", public_questions)] {
        attributes.push((name.into(), on.to_string()));
    }
    match position {
        Some(position) => attributes.push(("position".into(), position.as_str().into())),
        None => attributes.push(("container".into(), "inline".into())),
    }
    attributes.extend(meta.into_iter().map(|(key, value)| (format!("meta-{key}"), value)));
    let texts = catalogs.map_or_else(TextSource::bundled, |folder| TextSource::Served(format!("{}/", folder.trim_end_matches('/'))));

    let config = match WidgetConfig::from_attributes(attributes) {
        Ok((config, issues)) => {
            for issue in issues {
                web_sys::console::warn_1(&format!("Chapeau: {issue}").into());
            }
            config
        }
        Err(issue) => {
            web_sys::console::error_1(&format!("Chapeau: {issue}").into());
            return ().into_any();
        }
    };
    let host = NodeRef::<html::Custom<&'static str>>::new();
    let drawn = StoredValue::new_local(None::<Drawn>);
    let options = StoredValue::new_local(Some(DrawOptions {
        launcher: (config.placement == crate::config::Placement::Floating).then_some(LauncherSource::Own),
        config,
        texts,
        host: None,
        on_event,
    }));
    // Once the host element is on the page: its shadow root, and the widget inside.
    Effect::new(move || {
        let Some(host) = host.get() else { return };
        let Some(mut options) = options.try_update_value(Option::take).flatten() else { return };
        let Ok(root) = host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open)) else { return };
        if options.launcher.is_some() && crate::style::adopt_launcher(&root).is_err() {
            web_sys::console::error_1(&"Chapeau: the widget's styles could not be applied".into());
            return;
        }
        options.host = Some(host.into());
        let events = Events::new(options.host.clone(), options.on_event);
        match draw(&root, options, |_| {}) {
            Ok(widget) => {
                drawn.set_value(Some(widget));
                events.emit(ChapeauEvent::Ready);
                // What this browser could not send before, from this page or another, leaves now.
                crate::outbox_worker::start_if_waiting();
            }
            Err(problem) => web_sys::console::error_1(&problem.into()),
        }
    });
    view! { <chapeau-widget node_ref=host></chapeau-widget> }.into_any()
}

/// `endpoint` resolved against the page, as the loader resolves `data-endpoint`.
fn absolute(endpoint: &str) -> String {
    let base = web_sys::window().and_then(|w| w.document()).and_then(|d| d.base_uri().ok().flatten());
    base.and_then(|base| web_sys::Url::new_with_base(endpoint, &base).ok()).map_or_else(|| endpoint.to_string(), |url| url.href())
}
