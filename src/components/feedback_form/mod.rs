use leptos::html;
use leptos::prelude::*;

use chapeau_protocol::Category;

use crate::components::contact_fields::ContactFields;
use crate::components::sender::{focus_soon, Confirmation, SendButton, Sender, Status, Trap};
use crate::config::{RatingStyle, WidgetConfig};
use crate::feedback::{ContactDraft, FeedbackDraft};
use crate::i18n::Catalog;

/// The mouths of the emoji rating's faces, from 1 (sad) to 5 (beaming). Drawn, not typed:
/// emoji fonts differ from one system to the next and some have none. Their text
/// alternatives are the catalog's.
const MOUTHS: [&str; 5] = [
    "M7.5 17Q12 12 16.5 17",
    "M8 16.5Q12 14 16 16.5",
    "M8 15.5H16",
    "M8 14.5Q12 17.5 16 14.5",
    "M7 13.5Q12 20 17 13.5",
];

/// One face of the emoji rating.
fn face(n: u8) -> impl IntoView {
    view! {
        <svg class="face" viewBox="0 0 24 24" width="30" height="30" aria-hidden="true" focusable="false">
            <circle cx="12" cy="12" r="10.5" />
            <circle class="eye" cx="8.5" cy="9.5" r="1.4" />
            <circle class="eye" cx="15.5" cy="9.5" r="1.4" />
            <path class="mouth" d=MOUTHS[usize::from(n) - 1] />
        </svg>
    }
}

/// The feedback form: an optional 1–5 rating, an optional category, a message and optional
/// contact details. Choosing "a complaint" says plainly that a person will follow up and asks
/// how to reach the visitor; a complaint's receipt is kept like a question's. It checks
/// everything before sending, shows a sending state, then a confirmation or an error that
/// keeps the text. A retry of unchanged text reuses the submission's id, so nothing is ever
/// stored twice.
#[component]
pub fn FeedbackForm(
    /// The embed's configuration: site, backend and meta.
    config: WidgetConfig,
    /// The strings of the visitor's language.
    catalog: &'static Catalog,
    /// Whether the form is on screen; the dwell time counts from the first time it is.
    visible: Signal<bool>,
    /// Bumped when a complaint's receipt is kept, so that "Your messages" reloads.
    receipts_changed: RwSignal<u32>,
) -> impl IntoView {
    let emoji = config.rating == RatingStyle::Emoji;
    // Faces are each their own mood, so only the chosen one lights up; stars fill up to it.
    let lit = move |rating: Option<u8>, n: u8| rating.is_some_and(|r| if emoji { r == n } else { r >= n });
    let draft = RwSignal::new(FeedbackDraft::default());
    let contact = RwSignal::new(ContactDraft::default());
    let sender = Sender::new(config);
    let email_ref = NodeRef::<html::Input>::new();
    let phase = sender.phase;
    let message_ref = NodeRef::<html::Textarea>::new();
    let thanks_ref = NodeRef::<html::H3>::new();
    let focus_message = move || focus_soon(move || message_ref.get_untracked().map(Into::into));

    sender.start_when_shown(visible, Some(message_ref));

    let submit = move || {
        let content = draft.with_untracked(|d| FeedbackDraft { contact: contact.get_untracked(), ..d.clone() }.content());
        let sent = sender.send(content, move |_, kept_receipt| {
            if kept_receipt {
                receipts_changed.update(|n| *n += 1);
            }
            draft.set(FeedbackDraft::default());
            contact.set(ContactDraft::default());
            focus_soon(move || thanks_ref.get_untracked().map(Into::into));
        });
        match (sent, phase.get_untracked().problem()) {
            (false, Some(problem)) if problem.is_about_contact() => focus_soon(move || email_ref.get_untracked().map(Into::into)),
            (false, Some(_)) => focus_message(),
            _ => {}
        }
    };
    let start_again = Callback::new(move |()| {
        sender.restart();
        focus_message();
    });
    let message_invalid = move || phase.get().problem().is_some_and(|p| p.is_about_message());

    view! {
        <Show
            when=move || !phase.get().is_done()
            fallback=move || view! {
                <Confirmation title=catalog.sent_title body=catalog.sent_body phase=phase catalog=catalog again=catalog.send_another
                    on_again=start_again heading=thanks_ref />
            }
        >
            <form class="form" part="form" novalidate on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <fieldset class="rating" part="rating">
                    <legend>{catalog.rating_legend}</legend>
                    <div class="stars">
                        {(1..=5u8).map(|n| view! {
                            <label class="star" class:emoji=emoji class:lit=move || draft.with(|d| lit(d.rating, n))>
                                <input
                                    type="radio"
                                    name="rating"
                                    value=n.to_string()
                                    prop:checked=move || draft.with(|d| d.rating == Some(n))
                                    on:change=move |_| draft.update(|d| d.rating = Some(n))
                                />
                                {if emoji {
                                    face(n).into_any()
                                } else {
                                    view! { <span class="star-glyph" aria-hidden="true">"★"</span> }.into_any()
                                }}
                                <span class="visually-hidden">{catalog.rating_choices[usize::from(n) - 1]}</span>
                            </label>
                        }).collect_view()}
                    </div>
                </fieldset>
                <fieldset class="categories" part="categories">
                    <legend>{catalog.category_legend}</legend>
                    {Category::ALL.into_iter().zip(catalog.categories).map(|(category, label)| view! {
                        <label class="chip">
                            <input type="radio" name="category" value=category.as_str()
                                prop:checked=move || draft.with(|d| d.category == Some(category))
                                on:change=move |_| draft.update(|d| d.category = Some(category)) />
                            <span>{label}</span>
                        </label>
                    }).collect_view()}
                </fieldset>
                <Show when=move || draft.with(FeedbackDraft::is_complaint)>
                    <p class="note complaint-note" part="complaint-note">{catalog.complaint_note}</p>
                </Show>
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
                <ContactFields contact=contact prefix="chapeau-fb" status_id="chapeau-status"
                    phase=phase email_ref=email_ref catalog=catalog />
                <Trap value=sender.trap />
                <SendButton phase=phase label=catalog.send busy=catalog.sending />
            </form>
        </Show>
        <Status phase=phase id="chapeau-status" sent=catalog.sent_body catalog=catalog />
    }
}
