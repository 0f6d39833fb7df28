use chapeau_protocol::{ReceiptStatus, ReceiptView};
use leptos::prelude::*;

use crate::browser;
use crate::components::{use_widget, Visible};
use crate::receipts::SavedReceipt;

/// How many of their questions a visitor sees, newest first.
const SHOWN: usize = 10;

/// What the visitor's messages are now: each with what the team made of it, when the backend
/// could say; and whether it could not.
#[derive(Clone, Default)]
struct Read {
    entries: Vec<(SavedReceipt, Option<ReceiptView>)>,
    failed: bool,
}

/// "Your messages": what this visitor asked on this site, with the status of each and the
/// team's answer once there is one, read through the receipts kept in their browser. Only
/// for a full backend: a post-level one gives no receipts to read. Read again every time it
/// comes on screen or a receipt is kept.
#[component]
pub fn MyQuestions(
    /// Whether it is on screen.
    visible: Visible,
) -> impl IntoView {
    let ctx = use_widget();
    let c = ctx.c;
    let base = ctx.config.backend.read_base().map(String::from);
    let site = ctx.config.site.clone();
    let receipts_changed = ctx.receipts_changed;
    // How many times the list was wanted: each time it came on screen, or a receipt was kept
    // while it was.
    let readings = Memo::new(move |before: Option<&u32>| {
        receipts_changed.track();
        let before = before.copied().unwrap_or(0);
        if visible.get() {
            before + 1
        } else {
            before
        }
    });
    let read = Action::new_local(move |_: &u32| {
        let (base, site) = (base.clone(), site.clone());
        async move {
            let saved: Vec<SavedReceipt> = browser::receipts(&site).entries.into_iter().take(SHOWN).collect();
            let Some(base) = base else {
                return Read { entries: saved.into_iter().map(|s| (s, None)).collect(), failed: false };
            };
            let mut read = Read { entries: Vec::with_capacity(saved.len()), failed: false };
            for entry in saved {
                let view = crate::http::receipt(&base, &entry.receipt).await;
                read.failed |= view.is_err();
                read.entries.push((entry, view.ok()));
            }
            read
        }
    });
    Effect::new(move || {
        let reading = readings.get();
        if reading > 0 {
            read.dispatch_local(reading);
        }
    });
    let read = read.value();
    let status_text = move |status: ReceiptStatus| match status {
        ReceiptStatus::Received => c.status_received(),
        ReceiptStatus::Answered => c.status_answered(),
        ReceiptStatus::Resolved => c.status_resolved(),
    };
    let item = move |(saved, view): (SavedReceipt, Option<ReceiptView>)| {
        let badge = view.as_ref().map(|v| view! { <p class=format!("badge {}", v.status.as_str())>{status_text(v.status)}</p> });
        let answer = view.and_then(|v| v.answer).map(|a| {
            view! {
                <div class="answer">
                    <p class="answer-label">{c.team_answer()}</p>
                    <p class="answer-text">{a.message}</p>
                </div>
            }
        });
        view! {
            <li class="my-question">
                <p class="asked">{saved.excerpt}</p>
                {badge}
                {answer}
            </li>
        }
    };
    move || {
        let read = read.get().unwrap_or_default();
        (!read.entries.is_empty()).then(|| {
            let unavailable = read.failed.then(|| view! { <p class="note">{c.receipts_unavailable()}</p> });
            view! {
                <section class="my-questions" aria-labelledby="chapeau-my-questions" part="my-questions">
                    <h3 id="chapeau-my-questions">{c.my_questions()}</h3>
                    {unavailable}
                    <ul>{read.entries.into_iter().map(item).collect_view()}</ul>
                </section>
            }
        })
    }
}
