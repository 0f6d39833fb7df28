use leptos::html;
use leptos::prelude::*;

use crate::components::sender::{focus_on_show, focus_soon, Sender, Status, Trap};
use crate::config::WidgetConfig;
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
    let sender = Sender::new(config);
    let phase = sender.phase;
    let message_ref = NodeRef::<html::Textarea>::new();
    let thanks_ref = NodeRef::<html::H3>::new();
    let focus_message = move || focus_soon(move || message_ref.get_untracked().map(Into::into));

    Effect::new(move |_| {
        if visible.get() {
            sender.shown();
            if phase.get_untracked() != Phase::Sent {
                focus_on_show(move || message_ref.get_untracked().map(Into::into));
            }
        }
    });

    let submit = move || {
        let sent = sender.send(draft.with_untracked(FeedbackDraft::content), move |_, _| {
            draft.set(FeedbackDraft::default());
            focus_soon(move || thanks_ref.get_untracked().map(Into::into));
        });
        if !sent && phase.get_untracked().problem().is_some() {
            focus_message();
        }
    };
    let start_again = move |_| {
        sender.restart();
        focus_message();
    };
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
                <Trap value=sender.trap />
                <button type="submit" class="primary" part="send" aria-disabled=move || phase.get().is_sending().to_string()>
                    {move || if phase.get().is_sending() { catalog.sending } else { catalog.send }}
                </button>
            </form>
        </Show>
        <Status phase=phase id="chapeau-status" sent=catalog.sent_body catalog=catalog />
    }
}
