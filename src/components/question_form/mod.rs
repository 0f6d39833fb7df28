use std::rc::Rc;

use crate::state::State;

use crate::components::contact_fields::contact_fields;
use crate::components::sender::{confirmation, send_button, status, trap, Sender};
use crate::components::{Ctx, Visible};
use crate::config::Backend;
use crate::dom::{el, focus_soon, target_value, El, Slot};
use crate::feedback::{ContactDraft, Phase, QuestionDraft};

/// A question to the community manager, with optional contact details given with explicit
/// consent. Once sent, its receipt is kept in the visitor's browser so that the answer shows
/// in "Your messages" whenever they come back. Appended to `into`; `visible` says whether
/// the form is on screen.
pub fn question_form(into: El, ctx: &Ctx, visible: Visible) -> El {
    let c = ctx.c;
    // Only a full backend lets the visitor read the answer here; never promise otherwise.
    let answered_here = matches!(ctx.config.backend, Backend::Full { .. });
    let (hint, promise) = if answered_here { (c.question_hint(), c.asked_body()) } else { ("", c.answers_elsewhere()) };
    let receipts_changed = ctx.receipts_changed;
    let draft = State::new(QuestionDraft::default());
    let contact = State::new(ContactDraft::default());
    let sender = Sender::new(ctx);
    let phase = sender.phase;
    let (message, email, done): (Slot, Slot, Slot) = (State::new(None), State::new(None), State::new(None));

    sender.start_when_shown(visible, Some(message));

    let submit = {
        let (sender, message, email, done) = (sender.clone(), message, email, done);
        move || {
            let content = draft.with_untracked(|d| QuestionDraft { contact: contact.get_untracked(), ..d.clone() }.content());
            let focus_after = done;
            let sent = sender.send(
                content,
                Box::new(move |_, kept_receipt| {
                    if kept_receipt {
                        receipts_changed.update(|n| *n += 1);
                    }
                    draft.set(QuestionDraft::default());
                    contact.set(ContactDraft::default());
                    focus_soon(focus_after);
                }),
            );
            if let (false, Some(problem)) = (sent, phase.get_untracked().problem()) {
                focus_soon(if problem.is_about_contact() { email } else { message });
            }
        }
    };
    let ask_again: Rc<dyn Fn()> = {
        let (sender, message) = (sender.clone(), message);
        Rc::new(move || {
            sender.restart();
            focus_soon(message);
        })
    };

    let form = move || {
        let submit = submit.clone();
        el("form")
            .set("class=form part=form novalidate")
            .on("submit", move |ev| {
                ev.prevent_default();
                submit();
            })
            .child(el("label").set("class=field-label for=chapeau-question").text(c.question_label()))
            .child(
                el("textarea")
                    .set("id=chapeau-question class=message part=message rows=4 aria-describedby=chapeau-question-status").attr("placeholder", hint)
                    .flag_with("aria-invalid", move || phase.get().problem().is_some_and(|p| p.is_about_message()))
                    .value_with(move || draft.with(|d| d.message.clone()))
                    .on("input", move |ev| draft.update(|d| d.message = target_value(&ev)))
                    .keep_in(message),
            )
            .child(contact_fields(contact, "chapeau-q", "chapeau-question-status", phase, email, c))
            .child(trap(sender.trap))
            .child(send_button(phase, c.ask(), c.sending()))
    };
    into.part(
        move || phase.get().is_done(),
        move |done_now| {
            vec![if *done_now {
                let queued = phase.get_untracked() == Phase::Queued;
                confirmation(c.asked_title(), promise, queued, c, c.ask_another(), ask_again.clone(), done)
            } else {
                form()
            }]
        },
    )
    .child(status(phase, "chapeau-question-status", promise, c, false))
}
