use chapeau_protocol::PublicQuestion;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser;
use crate::components::sender::load_when_first_shown;
use crate::config::{Backend, WidgetConfig};
use crate::i18n::Catalog;

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
    format!("chapeau.upvoted.{site}")
}

/// The public Q&A: questions the community manager answered and made public, most upvoted
/// first, each with a "this helps me too" toggle button that counts once per visitor. Only for
/// a full backend.
#[component]
pub fn PublicQuestions(
    /// The embed's configuration: site and backend.
    config: WidgetConfig,
    /// The strings of the visitor's language.
    catalog: &'static Catalog,
    /// Whether the list is on screen: it loads the first time it is.
    visible: Signal<bool>,
) -> impl IntoView {
    let Backend::Full { base } = config.backend else { return ().into_any() };
    let site = config.site;
    let base = StoredValue::new(base);
    let site_id = StoredValue::new(site.clone());
    let questions = RwSignal::new(Vec::<PublicQuestion>::new());
    let load = RwSignal::new(Load::Loading);
    let page = RwSignal::new(0u32);
    let more = RwSignal::new(false);
    let upvoted = RwSignal::new(browser::stored(&upvoted_key(&site)).unwrap_or_default());

    let fetch_next = move || {
        let next = page.get_untracked() + 1;
        spawn_local(async move {
            match crate::api::public_questions(&base.get_value(), &site_id.get_value(), next).await {
                Ok(list) => {
                    more.set(list.len() >= MIN_FULL_PAGE);
                    questions.update(|q| q.extend(list));
                    page.set(next);
                    load.set(Load::Ready);
                }
                Err(_) => load.set(Load::Failed),
            }
        });
    };
    load_when_first_shown(visible, fetch_next);

    let upvote = move |id: String| {
        if upvoted.with_untracked(|u| u.lines().any(|l| l == id)) {
            return;
        }
        spawn_local(async move {
            let visitor = browser::visitor_id();
            if let Ok(count) = crate::api::upvote(&base.get_value(), &site_id.get_value(), &id, &visitor).await {
                questions.update(|list| list.iter_mut().filter(|q| q.id == id).for_each(|q| q.upvotes = count));
                upvoted.update(|u| {
                    u.push_str(&id);
                    u.push('\n');
                });
                browser::store(&upvoted_key(&site_id.get_value()), &upvoted.get_untracked());
            }
        });
    };

    view! {
        <section class="public-questions" aria-labelledby="chapeau-public-questions" part="public-questions">
            <h3 id="chapeau-public-questions">{catalog.public_questions}</h3>
            {move || match load.get() {
                Load::Loading => None,
                Load::Failed => Some(view! { <p class="note">{catalog.public_questions_unavailable}</p> }.into_any()),
                Load::Ready if questions.with(Vec::is_empty) => Some(view! { <p class="note">{catalog.public_questions_empty}</p> }.into_any()),
                Load::Ready => Some(view! {
                    <ul>
                        <For each=move || questions.get() key=|q| (q.id.clone(), q.upvotes) let:question>
                            {
                                let id = question.id.clone();
                                let pressed = {
                                    let id = id.clone();
                                    move || upvoted.with(|u| u.lines().any(|l| l == id))
                                };
                                view! {
                                    <li class="public-question">
                                        <p class="asked">{question.message}</p>
                                        <div class="answer">
                                            <p class="answer-label">{catalog.team_answer}</p>
                                            <p class="answer-text">{question.answer}</p>
                                        </div>
                                        <div class="upvote-line">
                                            <button type="button" class="upvote" part="upvote" aria-pressed=move || pressed().to_string()
                                                on:click=move |_| upvote(id.clone())>
                                                <span aria-hidden="true">"▲ "</span>{catalog.upvote}
                                            </button>
                                            <span class="note">{catalog.count(&catalog.upvotes, question.upvotes)}</span>
                                        </div>
                                    </li>
                                }
                            }
                        </For>
                    </ul>
                    <Show when=move || more.get()>
                        <button type="button" class="secondary" on:click=move |_| fetch_next()>{catalog.show_more}</button>
                    </Show>
                }.into_any()),
            }}
        </section>
    }
    .into_any()
}
