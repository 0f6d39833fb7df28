use std::time::Duration;

use chapeau_protocol::{Content, Submission, VERSION};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser;
use crate::config::WidgetConfig;
use crate::delivery::Attempts;
use crate::feedback::{FeedbackDraft, Phase};
use crate::i18n::Catalog;

/// The feedback form: an optional 1–5 rating and a message. It checks the message before
/// sending, shows a sending state, then a confirmation or an error that keeps the text. A
/// retry of unchanged text reuses the submission's id, so nothing is ever stored twice.
#[component]
pub fn FeedbackForm(
    /// The embed's configuration: site, backend and meta.
    config: WidgetConfig,
    /// The strings of the visitor's language.
    catalog: &'static Catalog,
    /// Whether the form is on screen; the dwell time counts from the first time it is.
    visible: Signal<bool>,
) -> impl IntoView {
    let draft = RwSignal::new(FeedbackDraft::default());
    let trap = RwSignal::new(String::new());
    let phase = RwSignal::new(Phase::Editing);
    let attempts = StoredValue::new(Attempts::default());
    let shown_at = StoredValue::new(None::<f64>);
    let message_ref = NodeRef::<html::Textarea>::new();
    let thanks_ref = NodeRef::<html::H3>::new();
    let url = StoredValue::new(config.backend.submissions_url());
    let config = StoredValue::new(config);

    Effect::new(move |_| {
        if visible.get() {
            if shown_at.get_value().is_none() {
                shown_at.set_value(Some(browser::now_ms()));
            }
            if phase.get_untracked() != Phase::Sent {
                focus_soon(move || message_ref.get_untracked().map(Into::into));
            }
        }
    });

    let envelope = move |content: Content| {
        let dwell = shown_at.get_value().map(|at| (browser::now_ms() - at).max(0.0) as u64);
        config.with_value(|config| Submission {
            v: VERSION,
            id: browser::new_id(),
            site: config.site.clone(),
            sent_at: browser::now_rfc3339(),
            page: browser::page(),
            visitor: browser::visitor_id(),
            content,
            meta: config.meta.clone(),
            trap: trap.get_untracked(),
            dwell_ms: dwell,
        })
    };

    let submit = move || {
        if phase.get_untracked().is_sending() {
            return;
        }
        let content = match draft.with_untracked(FeedbackDraft::content) {
            Ok(content) => content,
            Err(problem) => {
                phase.set(Phase::Failed(problem));
                focus_soon(move || message_ref.get_untracked().map(Into::into));
                return;
            }
        };
        let submission = attempts
            .try_update_value(|a| a.submission_for(content, envelope))
            .expect("the form's state lives as long as the form");
        phase.set(Phase::Sending);
        let url = url.get_value();
        spawn_local(async move {
            match crate::api::send(&url, &submission).await {
                Ok(()) => {
                    attempts.update_value(Attempts::delivered);
                    draft.set(FeedbackDraft::default());
                    shown_at.set_value(None);
                    phase.set(Phase::Sent);
                    focus_soon(move || thanks_ref.get_untracked().map(Into::into));
                }
                Err(problem) => phase.set(Phase::Failed(problem)),
            }
        });
    };

    let start_again = move |_| {
        phase.set(Phase::Editing);
        shown_at.set_value(Some(browser::now_ms()));
        focus_soon(move || message_ref.get_untracked().map(Into::into));
    };

    let problem_text = move || phase.get().problem().map(|p| p.text(catalog));
    let message_invalid = move || phase.get().problem().is_some_and(|p| p.is_about_message());

    view! {
        <Show
            when=move || phase.get() != Phase::Sent
            fallback=move || view! {
                <div class="sent" part="confirmation">
                    <h3 class="sent-title" tabindex="-1" node_ref=thanks_ref>{catalog.sent_title}</h3>
                    <p>{catalog.sent_body}</p>
                    <button type="button" class="secondary" on:click=start_again>{catalog.send_another}</button>
                </div>
            }
        >
            <form class="form" part="form" novalidate on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <fieldset class="rating" part="rating">
                    <legend>{catalog.rating_legend}</legend>
                    <div class="stars">
                        {(1..=5u8).map(|n| view! {
                            <label class="star" class:lit=move || draft.with(|d| d.rating.is_some_and(|r| r >= n))>
                                <input
                                    type="radio"
                                    name="rating"
                                    value=n.to_string()
                                    prop:checked=move || draft.with(|d| d.rating == Some(n))
                                    on:change=move |_| draft.update(|d| d.rating = Some(n))
                                />
                                <span class="star-glyph" aria-hidden="true">"★"</span>
                                <span class="visually-hidden">{catalog.rating_choices[usize::from(n) - 1]}</span>
                            </label>
                        }).collect_view()}
                    </div>
                </fieldset>
                <label class="field-label" for="chapeau-message">{catalog.message_label}</label>
                <textarea
                    id="chapeau-message"
                    class="message"
                    part="message"
                    rows="5"
                    placeholder=catalog.message_hint
                    aria-describedby="chapeau-status"
                    aria-invalid=move || message_invalid().to_string()
                    node_ref=message_ref
                    prop:value=move || draft.with(|d| d.message.clone())
                    on:input=move |ev| draft.update(|d| d.message = event_target_value(&ev))
                ></textarea>
                <div class="trap" aria-hidden="true">
                    <label>"Leave this field empty"
                        <input type="text" name="website" tabindex="-1" autocomplete="off"
                            prop:value=move || trap.get() on:input=move |ev| trap.set(event_target_value(&ev)) />
                    </label>
                </div>
                <button type="submit" class="primary" part="send" aria-disabled=move || phase.get().is_sending().to_string()>
                    {move || if phase.get().is_sending() { catalog.sending } else { catalog.send }}
                </button>
            </form>
        </Show>
        <p id="chapeau-status" class="status" class:error=move || problem_text().is_some()
            class:visually-hidden=move || phase.get() == Phase::Sent role="status" aria-live="polite" part="status">
            {move || problem_text().or_else(|| (phase.get() == Phase::Sent).then(|| catalog.sent_body.to_string()))}
        </p>
    }
}

/// Focuses an element once the current update has reached the DOM (the panel may be
/// becoming visible in the same update).
fn focus_soon(element: impl Fn() -> Option<web_sys::HtmlElement> + 'static) {
    set_timeout(
        move || {
            if let Some(element) = element() {
                let _ = element.focus();
            }
        },
        Duration::ZERO,
    );
}
