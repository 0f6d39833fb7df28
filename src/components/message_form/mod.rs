use crate::prelude::*;
use alloc::rc::Rc;

use chapeau_protocol::Content;

use crate::components::contact_fields::contact_fields;
use crate::components::sender::{confirmation, send_button, status, trap, Sender};
use crate::components::{Ctx, Visible};
use crate::delivery::Problem;
use crate::dom::{el, focus_soon, target_value, El};
use crate::feedback::{Draft, Phase};
use crate::state::State;

/// What makes one form of the kind [`message_form`] draws: the words and ids it uses, and
/// the content its draft becomes.
pub struct MessageForm {
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

/// A form around a message: the fields `fields` adds to the form first (the feedback form's
/// rating and categories), the message, optional contact details given with explicit consent,
/// and a send button. It checks everything before sending, shows a sending state, then a
/// confirmation, or an error that keeps the text; a retry of unchanged text reuses the
/// submission's id, so nothing is stored twice. A question's or a complaint's receipt is kept,
/// so the answer shows in "Your messages" whenever the visitor comes back.
///
/// Appended to `into`; `visible` says whether the form is on screen: the dwell time counts
/// from the first time it is.
pub fn message_form(into: El, ctx: &Ctx, visible: Visible, form: MessageForm, fields: impl Fn(El, State<Draft>) -> El + 'static) -> El {
    let c = ctx.c;
    let receipts_changed = ctx.receipts_changed;
    let draft = State::new(Draft::default());
    let sender = Sender::new(ctx);
    let phase = sender.phase;
    let (message, email, done) = (State::new(None), State::new(None), State::new(None));
    let [message_id, status_id, prefix] = form.ids;

    sender.start_when_shown(visible, Some(message));

    let submit = {
        let sender = sender.clone();
        move || {
            let sent = sender.send(
                draft.with_untracked(form.content),
                Box::new(move |_, kept_receipt| {
                    if kept_receipt {
                        receipts_changed.update(|n| *n += 1);
                    }
                    draft.set(Draft::default());
                    focus_soon(done);
                }),
            );
            if let (false, Some(problem)) = (sent, phase.get_untracked().problem()) {
                focus_soon(if problem.is_about_contact() { email } else { message });
            }
        }
    };
    let start_again: Rc<dyn Fn()> = {
        let sender = sender.clone();
        Rc::new(move || {
            sender.restart();
            focus_soon(message);
        })
    };

    let draw = move || {
        let submit = submit.clone();
        let form_el = el("form").set("class=form part=form novalidate").on("submit", move |ev| {
            ev.prevent_default();
            submit();
        });
        fields(form_el, draft)
            .child(el("label").set("class=field-label").attr("for", message_id).text(form.label))
            .child(
                el("textarea")
                    .set("class=message part=message")
                    .attr("id", message_id)
                    .attr("rows", form.rows)
                    .attr("placeholder", form.hint)
                    .attr("aria-describedby", status_id)
                    .flag_with("aria-invalid", move || phase.with(|p| p.problem().is_some_and(|p| p.is_about_message())))
                    .value_with(move || draft.with(|d| d.message.clone()))
                    .on("input", move |ev| draft.update(|d| d.message = target_value(&ev)))
                    .keep_in(message),
            )
            .child(contact_fields(draft, prefix, status_id, phase, email, c))
            .child(trap(sender.trap))
            .child(send_button(phase, form.send, c.sending()))
    };
    let [sent_title, sent_body, again] = form.sent;
    into.part(
        move || phase.with(|p| p.is_done()),
        move |&is_done| {
            vec![if is_done {
                let queued = phase.get_untracked() == Phase::Queued;
                confirmation(sent_title, sent_body, queued, c, again, start_again.clone(), done)
            } else {
                draw()
            }]
        },
    )
    .child(status(phase, status_id, sent_body, c, false))
}
