use chapeau_protocol::PublicQuestion;
use leptos::prelude::*;

use crate::browser;
use crate::components::sender::{flag, load_when_first_shown};
use crate::components::{use_widget, Visible};
use crate::i18n::Plural;
use crate::upvotes::{storage_key, Upvoted};

/// A page shorter than this is surely the last one.
const MIN_FULL_PAGE: usize = 10;

/// Where the list stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Load {
    Loading,
    Ready,
    Failed,
}

/// The public Q&A: questions the community manager answered and made public, most upvoted
/// first, each with a "this helps me too" toggle button that counts once per visitor. Only for
/// a full backend. Loads the first time it is on screen; more pages on request.
#[component]
pub fn PublicQuestions(
    /// Whether it is on screen.
    visible: Visible,
) -> impl IntoView {
    let ctx = use_widget();
    let Some(base) = ctx.config.backend.read_base().map(String::from) else { return ().into_any() };
    let (c, numbers) = (ctx.c, ctx.numbers);
    let site = ctx.config.site.clone();
    let questions = RwSignal::new(Vec::<PublicQuestion>::new());
    let load = RwSignal::new(Load::Loading);
    let more = RwSignal::new(false);
    let upvoted = RwSignal::new(browser::stored(&storage_key(&site), Upvoted::from_lines));

    let next_page = {
        let (base, site) = (base.clone(), site.clone());
        Action::new_local(move |&page: &u32| {
            let (base, site) = (base.clone(), site.clone());
            async move {
                match crate::http::public_questions(&base, &site, page).await {
                    Ok(list) => {
                        more.set(list.len() >= MIN_FULL_PAGE);
                        questions.update(|q| q.extend(list));
                        load.set(Load::Ready);
                    }
                    Err(_) => load.set(Load::Failed),
                }
            }
        })
    };
    let pages = RwSignal::new(0u32);
    let fetch_next = move || {
        pages.update(|p| *p += 1);
        next_page.dispatch_local(pages.get_untracked());
    };
    load_when_first_shown(visible, fetch_next);

    let upvote = Action::new_local(move |id: &String| {
        let (base, site, id) = (base.clone(), site.clone(), id.clone());
        async move {
            if upvoted.with_untracked(|u| u.has(&id)) {
                return;
            }
            if let Ok(count) = crate::http::upvote(&base, &site, &id, &browser::visitor_id()).await {
                questions.update(|list| list.iter_mut().filter(|q| q.id == id).for_each(|q| q.upvotes = count));
                upvoted.update(|u| u.add(&id));
                browser::store(&storage_key(&site), &upvoted.get_untracked());
            }
        }
    });

    // One item; its count and its button follow the list, so that an upvote keeps the button
    // (and the visitor's focus) where it is.
    let item = move |question: PublicQuestion| {
        let id = question.id.clone();
        let (pressed, counted, voted) = (id.clone(), id.clone(), id);
        let count = move || questions.with(|list| list.iter().find(|q| q.id == counted).map_or(0, |q| q.upvotes));
        view! {
            <li class="public-question">
                <p class="asked">{question.message}</p>
                <div class="answer">
                    <p class="answer-label">{c.team_answer()}</p>
                    <p class="answer-text">{question.answer}</p>
                </div>
                <div class="upvote-line">
                    <button type="button" class="upvote" part="upvote"
                        aria-pressed=move || flag(upvoted.with(|u| u.has(&pressed)))
                        on:click=move |_| { upvote.dispatch_local(voted.clone()); }>
                        <span aria-hidden="true">"▲ "</span>
                        {c.upvote()}
                    </button>
                    <span class="note">{move || c.count(Plural::Upvotes, count(), &numbers)}</span>
                </div>
            </li>
        }
    };
    // Drawn again when the list's state or its questions change, not when a count does.
    let state = Memo::new(move |_| (load.get(), questions.with(|list| list.iter().map(|q| q.id.clone()).collect::<Vec<_>>())));
    let list = move || match state.get() {
        (Load::Loading, _) => ().into_any(),
        (Load::Failed, _) => view! { <p class="note">{c.public_questions_unavailable()}</p> }.into_any(),
        (Load::Ready, ids) if ids.is_empty() => view! { <p class="note">{c.public_questions_empty()}</p> }.into_any(),
        (Load::Ready, _) => view! {
            <ul>{questions.get_untracked().into_iter().map(item).collect_view()}</ul>
        }
        .into_any(),
    };
    // Outside the list: the visitor who pressed it stays on it while the next page is drawn.
    let show_more = move || more.get().then(|| view! { <button type="button" class="secondary" on:click=move |_| fetch_next()>{c.show_more()}</button> });
    view! {
        <section class="public-questions" aria-labelledby="chapeau-public-questions" part="public-questions">
            <h3 id="chapeau-public-questions">{c.public_questions()}</h3>
            {list}
            {show_more}
        </section>
    }
    .into_any()
}
