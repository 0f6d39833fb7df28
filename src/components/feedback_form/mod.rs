use crate::prelude::*;
use chapeau_protocol::Category;

use crate::components::message_form::{message_form, MessageForm};
use crate::components::{Ctx, Visible};
use crate::config::RatingStyle;
use crate::dom::{el, svg, El};
use crate::feedback::Draft;

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
/// contact details (see [`message_form`]). Choosing "a complaint" says plainly that a person
/// will follow up and asks how to reach the visitor; a complaint's receipt is kept like a
/// question's. Appended to `into`; `visible` says whether the form is on screen.
pub fn feedback_form(into: El, ctx: &Ctx, visible: Visible) -> El {
    let c = ctx.c;
    let emoji = ctx.config.rating == RatingStyle::Emoji;
    let form = MessageForm {
        content: Draft::feedback,
        ids: ["chapeau-message", "chapeau-status", "chapeau-fb"],
        rows: "5",
        label: c.message_label(),
        hint: c.message_hint(),
        send: c.send(),
        sent: [c.sent_title(), c.sent_body(), c.send_another()],
    };
    message_form(into, ctx, visible, form, move |form, draft| {
        // Faces are each their own mood, so only the chosen one lights up; stars fill up to it.
        let lit = move |n: u8| draft.with(|d| d.rating.is_some_and(|r| if emoji { r == n } else { r >= n }));
        let stars = (1..=5u8).map(|n| {
            el("label")
                .class(if emoji { "star emoji" } else { "star" })
                .class_with("lit", move || lit(n))
                .child(
                    el("input")
                        .set("type=radio name=rating")
                        .attr("value", ["1", "2", "3", "4", "5"][usize::from(n) - 1])
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
                        .set("type=radio name=category")
                        .attr("value", category.as_str())
                        .checked_with(move || draft.with(|d| d.category == Some(category)))
                        .on("change", move |_| draft.update(|d| d.category = Some(category))),
                )
                .child(el("span").text(c.category(i)))
        });
        form.child(
            el("fieldset")
                .set("class=rating part=rating")
                .child(el("legend").text(c.rating_legend()))
                .child(el("div").class("stars").children(stars.collect())),
        )
        .child(el("fieldset").set("class=categories part=categories").child(el("legend").text(c.category_legend())).children(categories.collect()))
        .part_when(
            move || draft.with(Draft::is_complaint),
            move || vec![el("p").set("part=complaint-note").attr("class", "note complaint-note").text(c.complaint_note())],
        )
    })
}
