use std::rc::Rc;

use chapeau_protocol::Content;
use leptos::html;
use leptos::prelude::*;

use crate::components::contact_fields::ContactFields;
use crate::components::sender::{flag, focus_soon, Confirmation, SendButton, Sender, Status, Trap};
use crate::components::{use_widget, Visible};
use crate::delivery::Problem;
use crate::forms::{Draft, Phase};

/// What makes one form of the kind [`MessageForm`] draws: the words and ids it uses, and the
/// content its draft becomes.
pub struct MessageFormKind {
    /// The draft as the content to send.
    pub content: fn(&Draft) -> Result<Content, Problem>,
    /// The message field's id; the form's status region's; the prefix of the contact fields'.
    pub ids: [&'static str; 3],
    /// The message field's height, in lines.
    pub rows: &'static str,
    /// The message field's label and placeholder.
    pub label: &'static str,
    pub hint: &'static str,
    /// The submit button's label.
    pub send: &'static str,
    /// The confirmation: its heading, what happens next, and the button to start again.
    pub sent: [&'static str; 3],
}

/// A form around a message: the fields `fields` draws first (the feedback form's rating and
/// categories), the message, optional contact details given with explicit consent, and a send
/// button. It checks everything before sending, shows a sending state, then a confirmation,
/// or an error that keeps the text; a retry of unchanged text reuses the submission's id, so
/// nothing is stored twice. A question's or a complaint's receipt is kept, so the answer shows
/// in "Your messages" whenever the visitor comes back.
#[component]
pub fn MessageForm<F, V>(
    /// Whether the form is on screen: the dwell time counts from the first time it is.
    visible: Visible,
    /// The words, ids and content of this kind of form.
    kind: MessageFormKind,
    /// The fields before the message, given the draft they edit.
    fields: F,
) -> impl IntoView
where
    F: Fn(RwSignal<Draft>) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let ctx = use_widget();
    let c = ctx.c;
    let receipts_changed = ctx.receipts_changed;
    let draft = RwSignal::new(Draft::default());
    let (message, email, done) = (NodeRef::<html::Textarea>::new(), NodeRef::<html::Input>::new(), NodeRef::<html::H3>::new());
    let sender = Sender::new(Rc::new(move |_, kept_receipt| {
        if kept_receipt {
            receipts_changed.notify();
        }
        draft.set(Draft::default());
        focus_soon(done);
    }));
    let phase = sender.phase;
    let [message_id, status_id, prefix] = kind.ids;
    sender.start_when_shown(visible, Some(message));

    let submit = {
        let sender = sender.clone();
        let content = kind.content;
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let sent = sender.send(draft.with_untracked(content));
            if let (false, Some(problem)) = (sent, phase.get_untracked().problem()) {
                if problem.is_about_contact() {
                    focus_soon(email);
                } else {
                    focus_soon(message);
                }
            }
        }
    };
    let start_again = {
        let sender = sender.clone();
        Callback::new(move |()| {
            sender.restart();
            focus_soon(message);
        })
    };
    let [sent_title, sent_body, again] = kind.sent;
    let (rows, label, hint, send) = (kind.rows, kind.label, kind.hint, kind.send);
    let trap = sender.trap;
    let message_invalid = move || flag(phase.with(|p| p.problem().is_some_and(Problem::is_about_message)));
    let form = move || {
        view! {
            <form class="form" part="form" novalidate on:submit=submit.clone()>
                {fields(draft)}
                <label class="field-label" for=message_id>{label}</label>
                <textarea id=message_id class="message" part="message" rows=rows placeholder=hint
                    aria-describedby=status_id aria-invalid=message_invalid node_ref=message
                    prop:value=move || draft.with(|d| d.message.clone())
                    on:input=move |ev| draft.update(|d| d.message = event_target_value(&ev))>
                </textarea>
                <ContactFields draft prefix status_id phase email />
                <Trap value=trap />
                <SendButton phase label=send busy=c.sending() />
            </form>
        }
    };
    // Drawn again when the form is done or back to editing, not at every step of a send.
    let is_done = Memo::new(move |_| phase.with(|p| p.is_done()));
    view! {
        {move || if is_done.get() {
            let queued = phase.get_untracked() == Phase::Queued;
            view! { <Confirmation title=sent_title body=sent_body queued again on_again=start_again heading=done /> }.into_any()
        } else {
            form().into_any()
        }}
        <Status phase id=status_id sent=sent_body shows_queued=false />
    }
}
