use std::rc::Rc;
use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;

use crate::browser;
use crate::components::sender::{flag, focus_soon, focused_in_root, load_when_first_shown, SendButton, Sender, Status, Trap};
use crate::components::{use_widget, Visible};
use crate::config::PollSource;
use crate::delivery::Problem;
use crate::i18n::{Numbers, Plural};
use crate::poll::{ballot_key, is_closed, no_results_note, result_rows, stage, Ballot, Poll as PollView, ResultRow, Stage};

/// A poll as the backend gave it: shared, and the same only as itself (each reading is a new
/// one), so that telling whether to draw again costs nothing.
#[derive(Clone)]
struct Read(Arc<PollView>);

impl PartialEq for Read {
    fn eq(&self, other: &Read) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Where the poll's definition stands.
#[derive(Clone, PartialEq)]
enum Load {
    Loading,
    Ready(Read),
    /// The backend does not know this poll (any more).
    Unavailable,
    /// The backend could not be reached; the visitor may try again.
    Failed,
}

/// What the poll shows, and all it is drawn from: it is drawn again only when this changes,
/// not at every step of a vote.
#[derive(Clone, PartialEq)]
enum Showing {
    Load(Load),
    Voting(Read),
    /// The results, with whether the poll is closed and what the visitor chose, if they voted.
    Results(Read, bool, Option<Ballot>),
}

/// A poll: its question, its options as a real radio group (or checkboxes when several
/// answers are allowed), and a vote button. After voting — and on a closed poll — the results
/// as bars with percentages and counts when the poll shows them, with the visitor's own choice
/// marked, and a button to change their vote while the poll is open. With a post-level backend
/// the poll comes from the embed and no results are ever invented. Loads the first time it is
/// on screen.
#[component]
pub fn Poll(
    /// Whether it is on screen.
    visible: Visible,
) -> impl IntoView {
    let ctx = use_widget();
    let Some(source) = ctx.config.poll.clone() else { return ().into_any() };
    let c = ctx.c;
    let base = ctx.config.backend.read_base().map(String::from);
    let full = base.is_some();
    let key = ballot_key(&ctx.config.site, source.id());
    let site = ctx.config.site.clone();
    // The visitor's vote, empty until they voted.
    let voted = RwSignal::new(browser::stored(&key, Ballot::from_lines));
    let ballot = RwSignal::new(voted.get_untracked());
    let changing = RwSignal::new(false);
    let (first_choice, heading) = (NodeRef::<html::Input>::new(), NodeRef::<html::H3>::new());

    // The poll is read the first time it is on screen, and again after a vote.
    let fetch = Action::new_local(move |_: &()| {
        let (base, source, site) = (base.clone(), source.clone(), site.clone());
        async move {
            match (base, source) {
                (None, PollSource::Inline(poll)) => Load::Ready(Read(Arc::new(poll))),
                (None, PollSource::Remote { .. }) => Load::Unavailable,
                (Some(base), source) => match crate::http::poll(&base, &site, source.id(), &browser::visitor_id()).await {
                    Ok(poll) => Load::Ready(Read(Arc::new(poll))),
                    Err(Problem::Network | Problem::Server | Problem::RateLimited) => Load::Failed,
                    Err(_) => Load::Unavailable,
                },
            }
        }
    });
    let refetch = move || {
        fetch.dispatch_local(());
    };
    load_when_first_shown(visible, refetch);
    let poll = fetch.value();

    let voting = StoredValue::new(Ballot::default());
    let sender = Sender::new(Rc::new(move |_, _| {
        let chosen = voting.get_value();
        browser::store(&key, &chosen);
        voted.set(chosen);
        changing.set(false);
        refetch();
        focus_soon(heading);
    }));
    let phase = sender.phase;
    sender.start_when_shown::<html::Input>(visible, None);

    // A vote refused because the poll closed meanwhile: show the poll as it is now.
    let closed_meanwhile = Memo::new(move |_| phase.with(|p| p.problem() == Some(Problem::PollClosed)));
    Effect::new(move |was: Option<bool>| {
        let now = closed_meanwhile.get();
        if now && was == Some(false) {
            refetch();
        }
        now
    });

    let showing = Memo::new(move |_| match poll.get().unwrap_or(Load::Loading) {
        Load::Ready(read) => {
            // The backend's word wins over the visitor's clock.
            let closed = is_closed(read.0.closes_at.as_deref().and_then(browser::time_ms), browser::now_ms()) || closed_meanwhile.get();
            let mine = Some(voted.get()).filter(|b| !b.choices.is_empty());
            if !changing.get() && stage(mine.is_some(), closed) == Stage::Results {
                Showing::Results(read, closed, mine)
            } else {
                Showing::Voting(read)
            }
        }
        other => Showing::Load(other),
    });

    let vote = {
        let sender = sender.clone();
        Callback::new(move |poll: Arc<PollView>| {
            let content = ballot.with_untracked(|b| b.content(&poll));
            voting.set_value(ballot.get_untracked());
            if !sender.send(content) && phase.get_untracked().problem().is_some() {
                focus_soon(first_choice);
            }
        })
    };
    let trap = sender.trap;
    let change_vote = Callback::new(move |()| {
        sender.restart();
        ballot.set(voted.get_untracked());
        changing.set(true);
        focus_soon(first_choice);
    });
    let draw = move || match showing.get() {
        Showing::Load(Load::Loading) => view! { <p class="note" part="poll-loading">{c.poll_loading()}</p> }.into_any(),
        Showing::Load(Load::Failed) => view! {
            <p class="note">{c.poll_load_failed()}</p>
            <button type="button" class="secondary" on:click=move |_| refetch()>{c.try_again()}</button>
        }
        .into_any(),
        Showing::Load(_) => view! { <p class="note" part="poll-unavailable">{c.poll_unavailable()}</p> }.into_any(),
        Showing::Voting(Read(poll)) => view! { <Choices poll ballot phase first=first_choice trap on_vote=vote /> }.into_any(),
        Showing::Results(Read(poll), closed, mine) => {
            let rows = poll.results.as_ref().map(|r| (result_rows(&poll, r, &mine.clone().unwrap_or_default()), r.total));
            let note = rows.is_none().then(|| no_results_note(c, full, mine.is_some(), closed)).flatten();
            let change = (!closed && mine.is_some())
                .then(|| view! { <button type="button" class="secondary" part="change-vote" on:click=move |_| change_vote.run(())>{c.change_vote()}</button> });
            // Drawn again with fresh results: the heading keeps the focus it had.
            if heading.get_untracked().is_some_and(|h| focused_in_root(&h).as_ref() == Some(h.as_ref())) {
                focus_soon(heading);
            }
            view! {
                <h3 class="poll-question" tabindex="-1" node_ref=heading>{poll.question.clone()}</h3>
                {closed.then(|| view! { <p class="note" part="poll-closed">{c.poll_closed()}</p> })}
                {rows.map(|(rows, total)| view! { <Results rows total /> })}
                {note.map(|n| view! { <p class="note">{n}</p> })}
                {change}
            }
            .into_any()
        }
    };
    view! {
        <div class="poll" part="poll">{draw}</div>
        <Status phase id="chapeau-poll-status" sent=c.poll_thanks() shows_queued=true />
    }
    .into_any()
}

/// The options as a radio group, or checkboxes for a multiple-choice poll, and the vote
/// button. The question is the group's legend, so every choice is read with it.
#[component]
fn Choices(
    /// The poll voted in.
    poll: Arc<PollView>,
    /// What the visitor ticked.
    ballot: RwSignal<Ballot>,
    /// The vote's phase.
    phase: RwSignal<crate::forms::Phase>,
    /// Receives the first option, which takes focus when the vote needs fixing.
    first: NodeRef<html::Input>,
    /// The honeypot's value.
    trap: RwSignal<String>,
    /// Sends the vote.
    on_vote: Callback<Arc<PollView>>,
) -> impl IntoView {
    let c = use_widget().c;
    let kind = if poll.multiple { "checkbox" } else { "radio" };
    let until = poll
        .closes_at
        .as_deref()
        .and_then(browser::time_ms)
        .map(|ms| c.poll_open_until().replace("{date}", &browser::format_day(ms, c.lang.tag())));
    let options = poll
        .options
        .iter()
        .enumerate()
        .map(|(i, option)| {
            let (checked, changed, shared) = (option.id.clone(), option.id.clone(), poll.clone());
            // The first option takes focus when the vote needs fixing.
            let node = if i == 0 { first } else { NodeRef::new() };
            let input = view! {
                <input name="chapeau-poll" type=kind value=option.id.clone() node_ref=node
                    prop:checked=move || ballot.with(|b| b.has(&checked))
                    on:change=move |ev| {
                        let ticked = event_target_checked(&ev);
                        ballot.update(|b| b.choose(&shared, &changed, ticked));
                    } />
            };
            view! { <label class="choice" part="choice">{input}<span>{option.label.clone()}</span></label> }
        })
        .collect_view();
    let several = poll.multiple.then(|| view! { <p class="note">{c.poll_several()}</p> });
    let question = poll.question.clone();
    view! {
        <form class="form" part="poll-form" novalidate on:submit=move |ev| {
            ev.prevent_default();
            on_vote.run(poll.clone());
        }>
            <fieldset class="choices" aria-describedby="chapeau-poll-status"
                aria-invalid=move || flag(phase.get().problem() == Some(Problem::ChoiceRequired))>
                <legend class="poll-question">{question}</legend>
                {several}
                {until.map(|text| view! { <p class="note" part="poll-closes">{text}</p> })}
                {options}
            </fieldset>
            <Trap value=trap />
            <SendButton phase label=c.vote() busy=c.voting() />
        </form>
    }
}

/// The results: one bar per option with its percentage and count, the visitor's choice
/// marked in words, and how many people voted.
#[component]
fn Results(
    /// One row per option, in the poll's order.
    rows: Vec<ResultRow>,
    /// How many people voted.
    total: u64,
) -> impl IntoView {
    let ctx = use_widget();
    let (c, numbers) = (ctx.c, ctx.numbers);
    let rows = rows
        .into_iter()
        .map(|row| {
            let mine = row.mine.then(|| view! { " " <span class="mine-mark">{c.your_choice()}</span> });
            view! {
                <li class=if row.mine { "result mine" } else { "result" }>
                    <span class="result-label">{row.option.label}{mine}</span>
                    <span class="result-figure">
                        <strong>{numbers.percent(row.percent)}</strong>
                        " · "
                        {c.count(Plural::Votes, row.count, &numbers)}
                    </span>
                    <span class="bar" aria-hidden="true" part="bar">
                        <span class="fill" style:width=format!("{}%", row.percent)></span>
                    </span>
                </li>
            }
        })
        .collect_view();
    view! {
        <ul class="results" part="results">{rows}</ul>
        <p class="note total">{c.count(Plural::Voters, total, &numbers)}</p>
    }
}
