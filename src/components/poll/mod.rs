use crate::prelude::*;
use alloc::rc::Rc;

use crate::state::State;

use crate::browser;
use crate::components::sender::{load_when_first_shown, send_button, status, trap, Sender};
use crate::components::{Ctx, Visible};
use crate::config::PollSource;
use crate::delivery::Problem;
use crate::dom::{effect, el, focus_soon, focused_in_root, target_checked, El, Slot};
use crate::feedback::Phase;
use crate::i18n::{Catalog, Plural};
use crate::poll::{ballot_key, Poll, is_closed, no_results_note, result_rows, stage, Ballot, ResultRow, Stage};

/// A poll as the backend gave it: shared, and the same only as itself (each reading is a new
/// one), so that telling whether to draw again costs nothing.
#[derive(Clone)]
struct Read(Rc<Poll>);

impl PartialEq for Read {
    fn eq(&self, other: &Read) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
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
#[derive(PartialEq)]
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
/// the poll comes from the embed and no results are ever invented. Appended to `into`; loads
/// the first time it is `visible`.
pub fn poll(into: El, ctx: &Ctx, visible: Visible) -> El {
    let c = ctx.c;
    let Some(source) = ctx.config.poll.clone() else { return into };
    let base = ctx.config.backend.read_base().map(String::from);
    let full = base.is_some();
    let key: Rc<str> = ballot_key(&ctx.config.site, source.id()).into();
    let site = ctx.config.site.clone();
    let load = State::new(Load::Loading);
    let voted = State::new(browser::stored(&key).map(|t| Ballot::parse(&t)).filter(|b| !b.choices.is_empty()));
    let ballot = State::new(voted.get_untracked().unwrap_or_default());
    let changing = State::new(false);
    let sender = Sender::new(ctx);
    let phase = sender.phase;
    let (first_choice, heading): (Slot, Slot) = (State::new(None), State::new(None));

    let fetch: Rc<dyn Fn()> = Rc::new(move || {
        let Some(base) = base.clone() else {
            if let PollSource::Inline(poll) = &source {
                load.set(Load::Ready(Read(Rc::new(poll.clone()))));
            }
            return;
        };
        let (site, id) = (site.clone(), source.id().to_string());
        wasm_bindgen_futures::spawn_local(async move {
            load.set(match crate::api::poll(&base, &site, &id, &browser::visitor_id()).await {
                Ok(poll) => Load::Ready(Read(Rc::new(poll))),
                Err(Problem::Network | Problem::Server | Problem::RateLimited) => Load::Failed,
                Err(_) => Load::Unavailable,
            });
        });
    });
    sender.start_when_shown(visible.clone(), None);
    load_when_first_shown(visible, fetch.clone());

    // A vote refused because the poll closed meanwhile: show the poll as it is now.
    let closed_meanwhile = move || phase.with(|p| p.problem() == Some(Problem::PollClosed));
    {
        let (fetch, mut was) = (fetch.clone(), false);
        effect(move || {
            let now = closed_meanwhile();
            if now && !was {
                fetch();
            }
            was = now;
        });
    }

    let vote: Rc<dyn Fn(&Poll)> = {
        let (sender, fetch, first_choice, heading, key) = (sender.clone(), fetch.clone(), first_choice, heading, key.clone());
        Rc::new(move |poll: &Poll| {
            let content = ballot.with_untracked(|b| b.content(poll));
            let chosen = ballot.get_untracked();
            let (fetch, heading, key) = (fetch.clone(), heading, key.clone());
            let sent = sender.send(
                content,
                Box::new(move |_, _| {
                    browser::store(&key, &chosen.to_text());
                    voted.set(Some(chosen));
                    changing.set(false);
                    fetch();
                    focus_soon(heading);
                }),
            );
            if !sent && phase.get_untracked().problem().is_some() {
                focus_soon(first_choice);
            }
        })
    };

    let showing = move || match load.get() {
        Load::Ready(read) => {
            let poll = &read.0;
            // The backend's word wins over the visitor's clock.
            let closed = is_closed(poll.closes_at.as_deref().and_then(browser::time_ms), browser::now_ms()) || closed_meanwhile();
            let mine = voted.get();
            if !changing.get() && stage(mine.is_some(), closed) == Stage::Results {
                Showing::Results(read, closed, mine)
            } else {
                Showing::Voting(read)
            }
        }
        other => Showing::Load(other),
    };
    let draw = {
        let (sender, fetch, first_choice, heading) = (sender.clone(), fetch.clone(), first_choice, heading);
        move |showing: &Showing| -> Vec<El> {
            match showing {
                Showing::Load(Load::Loading) => vec![el("p").set("class=note part=poll-loading").text(c.poll_loading())],
                Showing::Load(Load::Failed) => {
                    let fetch = fetch.clone();
                    vec![
                        el("p").class("note").text(c.poll_load_failed()),
                        el("button").set("type=button class=secondary").text(c.try_again()).on("click", move |_| {
                            load.set(Load::Loading);
                            fetch();
                        }),
                    ]
                }
                Showing::Load(_) => vec![el("p").set("class=note part=poll-unavailable").text(c.poll_unavailable())],
                Showing::Voting(Read(poll)) => {
                    let until = poll.closes_at.as_deref().and_then(browser::time_ms).map(|ms| crate::text::fill(c.poll_open_until(), "{date}", &browser::format_day(ms, c.lang.tag())));
                    vec![choices(poll, ballot, phase, first_choice, c, sender.trap, vote.clone(), until)]
                }
                Showing::Results(Read(poll), closed, mine) => {
                    let rows = poll.results.as_ref().map(|r| (result_rows(poll, r, &mine.clone().unwrap_or_default()), r.total));
                    let note = rows.is_none().then(|| no_results_note(c, full, mine.is_some(), *closed)).flatten();
                    let change = (!closed && mine.is_some()).then(|| {
                        let (sender, first_choice) = (sender.clone(), first_choice);
                        el("button").set("type=button class=secondary part=change-vote").text(c.change_vote()).on("click", move |_| {
                            sender.restart();
                            ballot.set(voted.get_untracked().unwrap_or_default());
                            changing.set(true);
                            focus_soon(first_choice);
                        })
                    });
                    // Drawn again with fresh results: the heading keeps the focus it had.
                    let had_focus = heading.get_untracked().is_some_and(|h| focused_in_root(&h).as_ref() == Some(&h));
                    let mut shown = vec![el("h3").set("class=poll-question tabindex=-1").text(&poll.question).keep_in(heading)];
                    if had_focus {
                        focus_soon(heading);
                    }
                    shown.extend(closed.then(|| el("p").set("class=note part=poll-closed").text(c.poll_closed())));
                    if let Some((rows, total)) = rows {
                        shown.extend(results(rows, total, c));
                    }
                    shown.extend(note.map(|n| el("p").class("note").text(n)));
                    shown.extend(change);
                    shown
                }
            }
        }
    };
    into.child(el("div").set("class=poll part=poll").part(showing, draw))
        .child(status(phase, "chapeau-poll-status", c.poll_thanks(), c, true))
}

/// The options as a radio group, or checkboxes for a multiple-choice poll, and the vote
/// button. The question is the group's legend, so every choice is read with it. `first`
/// receives the first option, which takes focus when the vote needs fixing; `until` says when
/// the poll closes, if it does.
#[allow(clippy::too_many_arguments)]
fn choices(poll: &Rc<Poll>, ballot: State<Ballot>, phase: State<Phase>, first: Slot, c: &'static Catalog, honeypot: State<String>, on_vote: Rc<dyn Fn(&Poll)>, until: Option<String>) -> El {
    let kind = if poll.multiple { "checkbox" } else { "radio" };
    let shared = poll.clone();
    let options = poll.options.iter().enumerate().map(|(i, option)| {
        let (checked_id, changed_id) = (option.id.clone(), option.id.clone());
        let shared = shared.clone();
        let input = el("input")
            .set("name=chapeau-poll").attr("type", kind).attr("value", &option.id)
            .checked_with(move || ballot.with(|b| b.has(&checked_id)))
            .on("change", move |ev| {
                let ticked = target_checked(&ev);
                ballot.update(|b| b.choose(&shared, &changed_id, ticked));
            });
        let input = if i == 0 { input.keep_in(first) } else { input };
        el("label").set("class=choice part=choice").child(input).child(el("span").text(&option.label))
    });
    let fieldset = el("fieldset")
        .set("class=choices aria-describedby=chapeau-poll-status")
        .flag_with("aria-invalid", move || phase.get().problem() == Some(Problem::ChoiceRequired))
        .child(el("legend").class("poll-question").text(&poll.question))
        .child_opt(poll.multiple.then(|| el("p").class("note").text(c.poll_several())))
        .child_opt(until.map(|text| el("p").set("class=note part=poll-closes").text(&text)))
        .children(options.collect());
    el("form")
        .set("class=form part=poll-form novalidate")
        .on("submit", move |ev| {
            ev.prevent_default();
            on_vote(&shared);
        })
        .child(fieldset)
        .child(trap(honeypot))
        .child(send_button(phase, c.vote(), c.voting()))
}

/// The results: one bar per option with its percentage and count, the visitor's choice
/// marked in words, and how many people voted.
fn results(rows: Vec<ResultRow>, total: u64, c: &'static Catalog) -> [El; 2] {
    let lang = c.lang;
    let rows = rows.into_iter().map(|row| {
        let label = el("span").class("result-label").text(&row.option.label);
        let label = if row.mine { label.text(" ").child(el("span").class("mine-mark").text(c.your_choice())) } else { label };
        el("li")
            .class(if row.mine { "result mine" } else { "result" })
            .child(label)
            .child(
                el("span")
                    .class("result-figure")
                    .child(el("strong").text(&lang.format_percent(row.percent)))
                    .text(" · ")
                    .text(&c.count(Plural::Votes, row.count)),
            )
            .child(
                el("span")
                    .set("class=bar aria-hidden=true part=bar")
                    .child(el("span").class("fill").style("width", &crate::text::cat(&[&crate::text::number(row.percent), "%"]))),
            )
    });
    [el("ul").set("class=results part=results").children(rows.collect()), el("p").class("note total").text(&c.count(Plural::Voters, total))]
}
