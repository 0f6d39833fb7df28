use leptos::prelude::*;

use crate::components::message_form::{MessageForm, MessageFormKind};
use crate::components::{use_widget, Visible};
use crate::config::Backend;
use crate::forms::Draft;

/// A question to the community manager, with optional contact details given with explicit
/// consent (see [`MessageForm`]). Once sent, its receipt is kept in the visitor's browser so
/// that the answer shows in "Your messages" whenever they come back.
#[component]
pub fn QuestionForm(
    /// Whether the form is on screen.
    visible: Visible,
) -> impl IntoView {
    let ctx = use_widget();
    let c = ctx.c;
    // Only a full backend lets the visitor read the answer here; never promise otherwise.
    let answered_here = matches!(ctx.config.backend, Backend::Full { .. });
    let (hint, promise) = if answered_here { (c.question_hint(), c.asked_body()) } else { ("", c.answers_elsewhere()) };
    let kind = MessageFormKind {
        content: Draft::question,
        ids: ["chapeau-question", "chapeau-question-status", "chapeau-q"],
        rows: "4",
        label: c.question_label(),
        hint,
        send: c.ask(),
        sent: [c.asked_title(), promise, c.ask_another()],
    };
    view! { <MessageForm visible kind fields=|_| () /> }
}
