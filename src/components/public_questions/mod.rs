use crate::prelude::*;
use core::cell::Cell;
use alloc::rc::Rc;

use chapeau_protocol::PublicQuestion;
use crate::state::State;

use crate::browser;
use crate::components::sender::load_when_first_shown;
use crate::components::{Ctx, Visible};
use crate::config::Backend;
use crate::dom::{el, El};
use crate::i18n::Plural;

/// A page shorter than this is surely the last one.
const MIN_FULL_PAGE: usize = 10;

/// Where the list stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Load {
    Loading,
    Ready,
    Failed,
}

fn upvoted_key(site: &str) -> String {
    crate::text::cat(&["chapeau.upvoted.", site])
}

/// The public Q&A: questions the community manager answered and made public, most upvoted
/// first, each with a "this helps me too" toggle button that counts once per visitor. Only for
/// a full backend. Appended to `into`; loads the first time it is `visible`.
pub fn public_questions(into: El, ctx: &Ctx, visible: Visible) -> El {
    let Backend::Full { base } = &ctx.config.backend else { return into };
    let c = ctx.c;
    let (base, site): (Rc<str>, Rc<str>) = (base.as_str().into(), ctx.config.site.as_str().into());
    let questions = State::new(Vec::<PublicQuestion>::new());
    let load = State::new(Load::Loading);
    let page = Rc::new(Cell::new(0u32));
    let more = State::new(false);
    let upvoted = State::new(browser::stored(&upvoted_key(&site)).unwrap_or_default());
    let has_upvoted = move |id: &str| upvoted.with(|u| u.lines().any(|l| l == id));

    let fetch_next: Rc<dyn Fn()> = {
        let (base, site) = (base.clone(), site.clone());
        Rc::new(move || {
            let next = page.get() + 1;
            let (base, site, page) = (base.clone(), site.clone(), page.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match crate::api::public_questions(&base, &site, next).await {
                    Ok(list) => {
                        more.set(list.len() >= MIN_FULL_PAGE);
                        questions.update(|q| q.extend(list));
                        page.set(next);
                        load.set(Load::Ready);
                    }
                    Err(_) => load.set(Load::Failed),
                }
            });
        })
    };
    load_when_first_shown(visible, fetch_next.clone());

    let upvote = Rc::new(move |id: String| {
        if upvoted.with_untracked(|u| u.lines().any(|l| l == id)) {
            return;
        }
        let (base, site) = (base.clone(), site.clone());
        wasm_bindgen_futures::spawn_local(async move {
            if let Ok(count) = crate::api::upvote(&base, &site, &id, &browser::visitor_id()).await {
                questions.update(|list| list.iter_mut().filter(|q| q.id == id).for_each(|q| q.upvotes = count));
                upvoted.update(|u| {
                    u.push_str(&id);
                    u.push('\n');
                });
                browser::store(&upvoted_key(&site), &upvoted.get_untracked());
            }
        });
    });

    // One item; its count and its button follow the list, so that an upvote keeps the
    // button (and the visitor's focus) where it is.
    let item = move |i: usize, question: &PublicQuestion| {
        let id = question.id.clone();
        let upvote = upvote.clone();
        let pressed = {
            let id = id.clone();
            move || has_upvoted(&id)
        };
        el("li")
            .class("public-question")
            .child(el("p").class("asked").text(&question.message))
            .child(
                el("div")
                    .class("answer")
                    .child(el("p").class("answer-label").text(c.team_answer()))
                    .child(el("p").class("answer-text").text(&question.answer)),
            )
            .child(
                el("div")
                    .class("upvote-line")
                    .child(
                        el("button")
                            .set("type=button class=upvote part=upvote")
                            .flag_with("aria-pressed", pressed)
                            .on("click", move |_| upvote(id.clone()))
                            .child(el("span").attr("aria-hidden", "true").text("▲ "))
                            .text(c.upvote()),
                    )
                    .child(el("span").class("note").text_with(move || {
                        let upvotes = questions.with(|q| q.get(i).map_or(0, |q| q.upvotes));
                        c.count(Plural::Upvotes, upvotes)
                    })),
            )
    };
    let refocus = Rc::new(Cell::new(false));
    let list = move |load: Load, count: usize, more: bool| -> Vec<El> {
        match load {
            Load::Loading => Vec::new(),
            Load::Failed => vec![el("p").class("note").text(c.public_questions_unavailable())],
            Load::Ready if count == 0 => vec![el("p").class("note").text(c.public_questions_empty())],
            Load::Ready => {
                let items = questions.with_untracked(|q| q.iter().enumerate().map(|(i, q)| item(i, q)).collect());
                let (fetch_next, refocus) = (fetch_next.clone(), refocus.clone());
                let show_more = more.then(|| {
                    let button = el("button").set("type=button class=secondary").text(c.show_more());
                    // Drawn again with the longer list: the visitor who pressed it stays on it.
                    if refocus.replace(false) {
                        let element = button.0.clone();
                        crate::dom::later(0, Box::new(move || crate::dom::focus(&element)));
                    }
                    button.on("click", move |_| {
                        refocus.set(true);
                        fetch_next();
                    })
                });
                [Some(el("ul").children(items)), show_more].into_iter().flatten().collect()
            }
        }
    };
    into.child(
        el("section")
            .set("class=public-questions aria-labelledby=chapeau-public-questions part=public-questions")
            .child(el("h3").attr("id", "chapeau-public-questions").text(c.public_questions()))
            .part(move || (load.get(), questions.with(Vec::len), more.get()), move |&(load, count, more)| list(load, count, more)),
    )
}
