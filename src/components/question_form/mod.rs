use leptos::html;
use leptos::prelude::*;

use crate::components::sender::{focus_soon, Confirmation, SendButton, Sender, Status, Trap};
use crate::config::{Backend, WidgetConfig};
use crate::components::contact_fields::ContactFields;
use crate::feedback::{ContactDraft, QuestionDraft};
use crate::i18n::Catalog;

/// A question to the community manager, with optional contact details given with explicit
/// consent. Once sent, its receipt is kept in the visitor's browser so that the answer shows
/// in "Your questions" whenever they come back.
#[component]
pub fn QuestionForm(
    /// The embed's configuration: site, backend and meta.
    config: WidgetConfig,
    /// The strings of the visitor's language.
    catalog: &'static Catalog,
    /// Whether the form is on screen.
    visible: Signal<bool>,
    /// Bumped when a receipt is kept, so that the list of questions reloads.
    receipts_changed: RwSignal<u32>,
) -> impl IntoView {
    // Only a full backend lets the visitor read the answer here; never promise otherwise.
    let answered_here = matches!(config.backend, Backend::Full { .. });
    let (hint, promise) = if answered_here { (catalog.question_hint, catalog.asked_body) } else { ("", catalog.answers_elsewhere) };
    let draft = RwSignal::new(QuestionDraft::default());
    let contact = RwSignal::new(ContactDraft::default());
    let sender = Sender::new(config);
    let phase = sender.phase;
    let message_ref = NodeRef::<html::Textarea>::new();
    let email_ref = NodeRef::<html::Input>::new();
    let done_ref = NodeRef::<html::H3>::new();

    sender.start_when_shown(visible, Some(message_ref));

    let submit = move || {
        let content = draft.with_untracked(|d| QuestionDraft { contact: contact.get_untracked(), ..d.clone() }.content());
        let sent = sender.send(content, move |_, kept_receipt| {
            if kept_receipt {
                receipts_changed.update(|n| *n += 1);
            }
            draft.set(QuestionDraft::default());
            contact.set(ContactDraft::default());
            focus_soon(move || done_ref.get_untracked().map(Into::into));
        });
        if let (false, Some(problem)) = (sent, phase.get_untracked().problem()) {
            if problem.is_about_contact() {
                focus_soon(move || email_ref.get_untracked().map(Into::into));
            } else {
                focus_soon(move || message_ref.get_untracked().map(Into::into));
            }
        }
    };
    let ask_again = Callback::new(move |()| {
        sender.restart();
        focus_soon(move || message_ref.get_untracked().map(Into::into));
    });
    let message_invalid = move || phase.get().problem().is_some_and(|p| p.is_about_message()).to_string();

    view! {
        <Show
            when=move || !phase.get().is_done()
            fallback=move || view! {
                <Confirmation title=catalog.asked_title body=promise phase=phase catalog=catalog again=catalog.ask_another
                    on_again=ask_again heading=done_ref />
            }
        >
            <form class="form" part="form" novalidate on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <label class="field-label" for="chapeau-question">{catalog.question_label}</label>
                <textarea
                    id="chapeau-question"
                    class="message"
                    part="message"
                    rows="4"
                    placeholder=hint
                    aria-describedby="chapeau-question-status"
                    aria-invalid=message_invalid
                    node_ref=message_ref
                    prop:value=move || draft.with(|d| d.message.clone())
                    on:input=move |ev| draft.update(|d| d.message = event_target_value(&ev))
                ></textarea>
                <ContactFields contact=contact prefix="chapeau-q" status_id="chapeau-question-status"
                    phase=phase email_ref=email_ref catalog=catalog />
                <Trap value=sender.trap />
                <SendButton phase=phase label=catalog.ask busy=catalog.sending />
            </form>
        </Show>
        <Status phase=phase id="chapeau-question-status" sent=promise catalog=catalog />
    }
}
