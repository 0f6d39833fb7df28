use chapeau_protocol::PollView;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser;
use crate::components::sender::{focus_soon, load_when_first_shown, SendButton, Sender, Status, Trap};
use crate::config::{PollSource, WidgetConfig};
use crate::delivery::Problem;
use crate::feedback::Phase;
use crate::i18n::Catalog;
use crate::poll::{ballot_key, is_closed, no_results_note, result_rows, stage, Ballot, Stage};

/// Where the poll's definition stands.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Load {
    Loading,
    Ready(PollView),
    /// The backend does not know this poll (any more).
    Unavailable,
    /// The backend could not be reached; the visitor may try again.
    Failed,
}

/// A poll: its question, its options as a real radio group (or checkboxes when several
/// answers are allowed), and a vote button. After voting — and on a closed poll — the results
/// as bars with percentages and counts when the poll shows them, with the visitor's own choice
/// marked, and a button to change their vote while the poll is open. With a post-level backend
/// the poll comes from the embed and no results are ever invented.
#[component]
pub fn Poll(
    /// The embed's configuration: site, backend and the poll's source.
    config: WidgetConfig,
    /// The strings of the visitor's language.
    catalog: &'static Catalog,
    /// Whether the poll is on screen: it loads the first time it is.
    visible: Signal<bool>,
) -> impl IntoView {
    let source = config.poll.clone().expect("the poll mode comes with its poll");
    let base = config.backend.read_base().map(String::from);
    let full = base.is_some();
    let key = StoredValue::new(ballot_key(&config.site, source.id()));
    let site = config.site.clone();
    let load = RwSignal::new(Load::Loading);
    let voted = RwSignal::new(browser::stored(&key.get_value()).map(|t| Ballot::parse(&t)).filter(|b| !b.choices.is_empty()));
    let ballot = RwSignal::new(voted.get_untracked().unwrap_or_default());
    let changing = RwSignal::new(false);
    let sender = Sender::new(config);
    let phase = sender.phase;
    let first_choice = NodeRef::<html::Input>::new();
    let heading = NodeRef::<html::H3>::new();

    let fetch = move || {
        let Some(base) = base.clone() else {
            if let PollSource::Inline(poll) = &source {
                load.set(Load::Ready(poll.clone()));
            }
            return;
        };
        let (site, id) = (site.clone(), source.id().to_string());
        spawn_local(async move {
            load.set(match crate::api::poll(&base, &site, &id, &browser::visitor_id()).await {
                Ok(poll) => Load::Ready(poll),
                Err(Problem::Network | Problem::Server | Problem::RateLimited) => Load::Failed,
                Err(_) => Load::Unavailable,
            });
        });
    };
    let fetch = StoredValue::new(fetch);
    sender.start_when_shown(visible, None);
    load_when_first_shown(visible, move || fetch.with_value(|f| f()));

    let closed = move |poll: &PollView| is_closed(poll.closes_at.as_deref().and_then(browser::time_ms), browser::now_ms());
    let vote = Callback::new(move |poll: PollView| {
        let content = ballot.with_untracked(|b| b.content(&poll));
        let chosen = ballot.get_untracked();
        let sent = sender.send(content, move |_, _| {
            browser::store(&key.get_value(), &chosen.to_text());
            voted.set(Some(chosen));
            changing.set(false);
            fetch.with_value(|f| f());
            focus_soon(move || heading.get_untracked().map(Into::into));
        });
        if !sent && phase.get_untracked().problem().is_some() {
            focus_soon(move || first_choice.get_untracked().map(Into::into));
        }
    });
    // A vote refused because the poll closed meanwhile: show the poll as it is now. A memo, so
    // that the poll is drawn again only when this changes, not at every step of a vote.
    let closed_meanwhile = Memo::new(move |_| phase.get().problem() == Some(Problem::PollClosed));
    Effect::new(move |_| {
        if closed_meanwhile.get() {
            fetch.with_value(|f| f());
        }
    });

    let body = move || match load.get() {
        Load::Loading => view! { <p class="note" part="poll-loading">{catalog.poll_loading}</p> }.into_any(),
        Load::Unavailable => view! { <p class="note" part="poll-unavailable">{catalog.poll_unavailable}</p> }.into_any(),
        Load::Failed => view! {
            <p class="note">{catalog.poll_load_failed}</p>
            <button type="button" class="secondary" on:click=move |_| { load.set(Load::Loading); fetch.with_value(|f| f()); }>
                {catalog.try_again}
            </button>
        }.into_any(),
        Load::Ready(poll) => {
            // The backend's word wins over the visitor's clock.
            let is_closed = closed(&poll) || closed_meanwhile.get();
            let showing = if changing.get() { Stage::Voting } else { stage(voted.with(Option::is_some), is_closed) };
            match showing {
                Stage::Voting => {
                    let until = poll.closes_at.as_deref().and_then(browser::time_ms).map(|ms| {
                        catalog.poll_open_until.replace("{date}", &browser::format_day(ms, catalog.lang.tag()))
                    });
                    view! {
                        <Choices poll=poll ballot=ballot phase=phase first=first_choice
                            catalog=catalog trap=sender.trap on_vote=vote until=until />
                    }.into_any()
                }
                Stage::Results => {
                    let mine = voted.get().unwrap_or_default();
                    let rows = poll.results.as_ref().map(|r| (result_rows(&poll, r, &mine), r.total));
                    let note = rows.is_none().then(|| no_results_note(catalog, full, voted.with(Option::is_some), is_closed)).flatten();
                    view! {
                        <h3 class="poll-question" tabindex="-1" node_ref=heading>{poll.question.clone()}</h3>
                        {is_closed.then(|| view! { <p class="note" part="poll-closed">{catalog.poll_closed}</p> })}
                        {rows.map(|(rows, total)| view! { <Results rows=rows total=total catalog=catalog /> })}
                        {note.map(|n| view! { <p class="note">{n}</p> })}
                        {(!is_closed && voted.with(Option::is_some)).then(|| view! {
                            <button type="button" class="secondary" part="change-vote" on:click=move |_| {
                                sender.restart();
                                ballot.set(voted.get_untracked().unwrap_or_default());
                                changing.set(true);
                                focus_soon(move || first_choice.get_untracked().map(Into::into));
                            }>{catalog.change_vote}</button>
                        })}
                    }.into_any()
                }
            }
        }
    };
    view! {
        <div class="poll" part="poll">{body}</div>
        <Status phase=phase id="chapeau-poll-status" sent=catalog.poll_thanks catalog=catalog shows_queued=true />
    }
}

/// The options as a radio group, or checkboxes for a multiple-choice poll, and the vote
/// button. The question is the group's legend, so every choice is read with it.
#[component]
fn Choices(
    /// The poll.
    poll: PollView,
    /// What the visitor ticked.
    ballot: RwSignal<Ballot>,
    /// The vote's phase.
    phase: RwSignal<Phase>,
    /// The first option, which takes focus when the vote needs fixing.
    first: NodeRef<html::Input>,
    /// The strings of the visitor's language.
    catalog: &'static Catalog,
    /// The honeypot's value.
    trap: RwSignal<String>,
    /// Called with the poll when the visitor votes.
    on_vote: Callback<PollView>,
    /// When the poll closes, in words, if it does.
    until: Option<String>,
) -> impl IntoView {
    let kind = if poll.multiple { "checkbox" } else { "radio" };
    let shared = StoredValue::new(poll.clone());
    let invalid = move || phase.get().problem() == Some(Problem::ChoiceRequired);
    view! {
        <form class="form" part="poll-form" novalidate on:submit=move |ev| { ev.prevent_default(); on_vote.run(shared.get_value()); }>
            <fieldset class="choices" aria-describedby="chapeau-poll-status" aria-invalid=move || invalid().to_string()>
                <legend class="poll-question">{poll.question.clone()}</legend>
                {poll.multiple.then(|| view! { <p class="note">{catalog.poll_several}</p> })}
                {until.map(|text| view! { <p class="note" part="poll-closes">{text}</p> })}
                {poll.options.iter().enumerate().map(|(i, option)| {
                    let id = option.id.clone();
                    let (checked_id, changed_id) = (id.clone(), id.clone());
                    let node = if i == 0 { first } else { NodeRef::new() };
                    view! {
                        <label class="choice" part="choice">
                            <input type=kind name="chapeau-poll" value=id node_ref=node
                                prop:checked=move || ballot.with(|b| b.has(&checked_id))
                                on:change=move |ev| {
                                    let ticked = event_target_checked(&ev);
                                    ballot.update(|b| b.choose(&shared.get_value(), &changed_id, ticked));
                                } />
                            <span>{option.label.clone()}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <Trap value=trap />
            <SendButton phase=phase label=catalog.vote busy=catalog.voting />
        </form>
    }
}

/// The results: one bar per option with its percentage and count, the visitor's choice
/// marked in words, and how many people voted.
#[component]
fn Results(
    /// The options' lines, in the poll's order.
    rows: Vec<crate::poll::ResultRow>,
    /// How many people voted.
    total: u64,
    /// The strings of the visitor's language.
    catalog: &'static Catalog,
) -> impl IntoView {
    let lang = catalog.lang;
    view! {
        <ul class="results" part="results">
            {rows.into_iter().map(|row| view! {
                <li class="result" class:mine=row.mine>
                    <span class="result-label">
                        {row.option.label}
                        {row.mine.then(|| view! { " " <span class="mine-mark">{catalog.your_choice}</span> })}
                    </span>
                    <span class="result-figure">
                        <strong>{lang.format_percent(row.percent)}</strong>" · "{catalog.count(&catalog.votes, row.count)}
                    </span>
                    <span class="bar" aria-hidden="true" part="bar">
                        <span class="fill" style:width=format!("{}%", row.percent)></span>
                    </span>
                </li>
            }).collect_view()}
        </ul>
        <p class="note total">{catalog.count(&catalog.voters, total)}</p>
    }
}
