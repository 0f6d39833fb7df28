use std::rc::Rc;

use chapeau_protocol::Category;
use crate::state::State;

use crate::components::contact_fields::contact_fields;
use crate::components::sender::{confirmation, send_button, status, trap, Sender};
use crate::components::{Ctx, Visible};
use crate::config::RatingStyle;
use crate::dom::{el, focus_soon, svg, target_value, El, Slot};
use crate::feedback::{ContactDraft, FeedbackDraft};

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
fn face(n: u8) -> El {
    let circle = |class: &str, cx: &str, cy: &str, r: &str| svg("circle").attr_opt("class", Some(class).filter(|c| !c.is_empty())).attr("cx", cx).attr("cy", cy).attr("r", r);
    svg("svg")
        .set("class=face width=30 height=30 aria-hidden=true focusable=false").attr("viewBox", "0 0 24 24")
        .child(circle("", "12", "12", "10.5"))
        .child(circle("eye", "8.5", "9.5", "1.4"))
        .child(circle("eye", "15.5", "9.5", "1.4"))
        .child(svg("path").set("class=mouth").attr("d", MOUTHS[usize::from(n) - 1]))
}

/// The feedback form: an optional 1–5 rating, an optional category, a message and optional
/// contact details. Choosing "a complaint" says plainly that a person will follow up and asks
/// how to reach the visitor; a complaint's receipt is kept like a question's. It checks
/// everything before sending, shows a sending state, then a confirmation or an error that
/// keeps the text. A retry of unchanged text reuses the submission's id, so nothing is ever
/// stored twice.
///
/// Appended to `into`; `visible` says whether the form is on screen: the dwell time counts
/// from the first time it is.
pub fn feedback_form(into: El, ctx: &Ctx, visible: Visible) -> El {
    let c = ctx.c;
    let emoji = ctx.config.rating == RatingStyle::Emoji;
    let receipts_changed = ctx.receipts_changed;
    let draft = State::new(FeedbackDraft::default());
    let contact = State::new(ContactDraft::default());
    let sender = Sender::new(ctx);
    let phase = sender.phase;
    let (message, email, thanks): (Slot, Slot, Slot) = (State::new(None), State::new(None), State::new(None));

    sender.start_when_shown(visible, Some(message));

    let submit = {
        let (sender, message, email, thanks) = (sender.clone(), message, email, thanks);
        move || {
            let content = draft.with_untracked(|d| FeedbackDraft { contact: contact.get_untracked(), ..d.clone() }.content());
            let focus_after = thanks;
            let sent = sender.send(
                content,
                Box::new(move |_, kept_receipt| {
                    if kept_receipt {
                        receipts_changed.update(|n| *n += 1);
                    }
                    draft.set(FeedbackDraft::default());
                    contact.set(ContactDraft::default());
                    focus_soon(focus_after);
                }),
            );
            match (sent, phase.get_untracked().problem()) {
                (false, Some(problem)) if problem.is_about_contact() => focus_soon(email),
                (false, Some(_)) => focus_soon(message),
                _ => {}
            }
        }
    };
    let start_again: Rc<dyn Fn()> = {
        let (sender, message) = (sender.clone(), message);
        Rc::new(move || {
            sender.restart();
            focus_soon(message);
        })
    };

    let form = move || {
        // Faces are each their own mood, so only the chosen one lights up; stars fill up to it.
        let lit = move |n: u8| draft.with(|d| d.rating.is_some_and(|r| if emoji { r == n } else { r >= n }));
        let stars = (1..=5u8).map(|n| {
            el("label")
                .class(if emoji { "star emoji" } else { "star" })
                .class_with("lit", move || lit(n))
                .child(
                    el("input")
                        .set("type=radio name=rating").attr("value", ["1", "2", "3", "4", "5"][usize::from(n) - 1])
                        .checked_with(move || draft.with(|d| d.rating == Some(n)))
                        .on("change", move |_| draft.update(|d| d.rating = Some(n))),
                )
                .child(if emoji { face(n) } else { el("span").set("class=star-glyph aria-hidden=true").text("★") })
                .child(el("span").class("visually-hidden").text(c.rating(n)))
        });
        let categories = Category::ALL.into_iter().enumerate().map(|(i, category)| {
            el("label")
                .class("chip")
                .child(
                    el("input")
                        .set("type=radio name=category").attr("value", category.as_str())
                        .checked_with(move || draft.with(|d| d.category == Some(category)))
                        .on("change", move |_| draft.update(|d| d.category = Some(category))),
                )
                .child(el("span").text(c.category(i)))
        });
        let submit = submit.clone();
        let form = el("form")
            .set("class=form part=form novalidate")
            .on("submit", move |ev| {
                ev.prevent_default();
                submit();
            })
            .child(
                el("fieldset")
                    .set("class=rating part=rating")
                    .child(el("legend").text(c.rating_legend()))
                    .child(el("div").class("stars").children(stars.collect())),
            )
            .child(
                el("fieldset")
                    .set("class=categories part=categories")
                    .child(el("legend").text(c.category_legend()))
                    .children(categories.collect()),
            )
            .part_when(
                move || draft.with(FeedbackDraft::is_complaint),
                move || vec![el("p").set("part=complaint-note").attr("class", "note complaint-note").text(c.complaint_note())],
            )
            .child(el("label").set("class=field-label for=chapeau-message").text(c.message_label()))
            .child(
                el("textarea")
                    .set("id=chapeau-message class=message part=message rows=5 aria-describedby=chapeau-status").attr("placeholder", c.message_hint())
                    .flag_with("aria-invalid", move || phase.get().problem().is_some_and(|p| p.is_about_message()))
                    .value_with(move || draft.with(|d| d.message.clone()))
                    .on("input", move |ev| draft.update(|d| d.message = target_value(&ev)))
                    .keep_in(message),
            )
            .child(contact_fields(contact, "chapeau-fb", "chapeau-status", phase, email, c))
            .child(trap(sender.trap))
            .child(send_button(phase, c.send(), c.sending()));
        vec![form]
    };
    into.part(
        move || phase.get().is_done(),
        move |done| {
            if *done {
                let queued = phase.get_untracked() == crate::feedback::Phase::Queued;
                vec![confirmation(c.sent_title(), c.sent_body(), queued, c, c.send_another(), start_again.clone(), thanks)]
            } else {
                form()
            }
        },
    )
    .child(status(phase, "chapeau-status", c.sent_body(), c, false))
}
