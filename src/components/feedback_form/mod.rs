use chapeau_protocol::Category;
use leptos::prelude::*;

use crate::components::message_form::{MessageForm, MessageFormKind};
use crate::components::{use_widget, Visible};
use crate::config::RatingStyle;
use crate::forms::Draft;

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

/// One face of the emoji rating, `n` from 1 to 5.
#[component]
fn Face(
    /// The rating it stands for.
    n: u8,
) -> impl IntoView {
    view! {
        <svg class="face" width="30" height="30" aria-hidden="true" focusable="false" viewBox="0 0 24 24">
            <circle cx="12" cy="12" r="10.5" />
            <circle class="eye" cx="8.5" cy="9.5" r="1.4" />
            <circle class="eye" cx="15.5" cy="9.5" r="1.4" />
            <path class="mouth" d=MOUTHS[usize::from(n.clamp(1, 5)) - 1] />
        </svg>
    }
}

/// The optional 1–5 rating: stars that fill up to the choice, or faces of which only the
/// chosen one lights up. A real radio group, each choice with its words.
#[component]
fn Rating(
    /// The draft whose rating this is.
    draft: RwSignal<Draft>,
) -> impl IntoView {
    let ctx = use_widget();
    let c = ctx.c;
    let emoji = ctx.config.rating == RatingStyle::Emoji;
    let lit = move |n: u8| draft.with(|d| d.rating.is_some_and(|r| if emoji { r == n } else { r >= n }));
    let stars = (1..=5u8)
        .map(|n| {
            let glyph = if emoji { view! { <Face n /> }.into_any() } else { view! { <span class="star-glyph" aria-hidden="true">"★"</span> }.into_any() };
            view! {
                <label class=if emoji { "star emoji" } else { "star" } class:lit=move || lit(n)>
                    <input type="radio" name="rating" value=n.to_string()
                        prop:checked=move || draft.with(|d| d.rating == Some(n))
                        on:change=move |_| draft.update(|d| d.rating = Some(n)) />
                    {glyph}
                    <span class="visually-hidden">{c.rating(n)}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="rating" part="rating">
            <legend>{c.rating_legend()}</legend>
            <div class="stars">{stars}</div>
        </fieldset>
    }
}

/// What the feedback is about, as chips of a radio group; a complaint says plainly that a
/// person will follow up.
#[component]
fn Categories(
    /// The draft whose category this is.
    draft: RwSignal<Draft>,
) -> impl IntoView {
    let c = use_widget().c;
    let chips = Category::ALL
        .into_iter()
        .enumerate()
        .map(|(i, category)| {
            view! {
                <label class="chip">
                    <input type="radio" name="category" value=category.as_str()
                        prop:checked=move || draft.with(|d| d.category == Some(category))
                        on:change=move |_| draft.update(|d| d.category = Some(category)) />
                    <span>{c.category(i)}</span>
                </label>
            }
        })
        .collect_view();
    let complaint = Memo::new(move |_| draft.with(Draft::is_complaint));
    view! {
        <fieldset class="categories" part="categories">
            <legend>{c.category_legend()}</legend>
            {chips}
        </fieldset>
        {move || complaint.get().then(|| view! { <p part="complaint-note" class="note complaint-note">{c.complaint_note()}</p> })}
    }
}

/// The feedback form: an optional 1–5 rating, an optional category, a message and optional
/// contact details (see [`MessageForm`]). Choosing "a complaint" says plainly that a person
/// will follow up and asks how to reach the visitor; a complaint's receipt is kept like a
/// question's.
#[component]
pub fn FeedbackForm(
    /// Whether the form is on screen.
    visible: Visible,
) -> impl IntoView {
    let c = use_widget().c;
    let kind = MessageFormKind {
        content: Draft::feedback,
        ids: ["chapeau-message", "chapeau-status", "chapeau-fb"],
        rows: "5",
        label: c.message_label(),
        hint: c.message_hint(),
        send: c.send(),
        sent: [c.sent_title(), c.sent_body(), c.send_another()],
    };
    view! {
        <MessageForm visible kind fields=|draft| view! { <Rating draft /> <Categories draft /> } />
    }
}
