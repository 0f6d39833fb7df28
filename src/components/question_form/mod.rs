use crate::components::message_form::{message_form, MessageForm};
use crate::components::{Ctx, Visible};
use crate::config::Backend;
use crate::dom::El;
use crate::feedback::Draft;

/// A question to the community manager, with optional contact details given with explicit
/// consent (see [`message_form`]). Once sent, its receipt is kept in the visitor's browser so
/// that the answer shows in "Your messages" whenever they come back. Appended to `into`;
/// `visible` says whether the form is on screen.
pub fn question_form(into: El, ctx: &Ctx, visible: Visible) -> El {
    let c = ctx.c;
    // Only a full backend lets the visitor read the answer here; never promise otherwise.
    let answered_here = matches!(ctx.config.backend, Backend::Full { .. });
    let (hint, promise) = if answered_here { (c.question_hint(), c.asked_body()) } else { ("", c.answers_elsewhere()) };
    let form = MessageForm {
        content: Draft::question,
        ids: ["chapeau-question", "chapeau-question-status", "chapeau-q"],
        rows: "4",
        label: c.question_label(),
        hint,
        send: c.ask(),
        sent: [c.asked_title(), promise, c.ask_another()],
    };
    message_form(into, ctx, visible, form, |form, _| form)
}
