use chapeau_protocol::{ReceiptStatus, ReceiptView};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser;
use crate::config::WidgetConfig;
use crate::i18n::Catalog;
use crate::receipts::SavedReceipt;

/// How many of their questions a visitor sees, newest first.
const SHOWN: usize = 10;

/// "Your questions": what this visitor asked on this site, with the status of each and the
/// team's answer once there is one, read through the receipts kept in their browser. Only
/// for a full backend: a post-level one gives no receipts to read.
#[component]
pub fn MyQuestions(
    /// The embed's configuration: the site, and whether the backend can be read.
    config: WidgetConfig,
    /// The strings of the visitor's language.
    catalog: &'static Catalog,
    /// Whether the list is on screen: it is read again every time it shows.
    visible: Signal<bool>,
    /// Bumped when a new receipt is kept.
    receipts_changed: RwSignal<u32>,
) -> impl IntoView {
    let entries = RwSignal::new(Vec::<(SavedReceipt, Option<ReceiptView>)>::new());
    let unavailable = RwSignal::new(false);
    let base = config.backend.read_base().map(String::from);
    let site = config.site;

    Effect::new(move |_| {
        receipts_changed.track();
        if !visible.get() {
            return;
        }
        let book = browser::receipts(&site);
        let saved: Vec<SavedReceipt> = book.entries.into_iter().take(SHOWN).collect();
        entries.set(saved.iter().cloned().map(|s| (s, None)).collect());
        let Some(base) = base.clone() else { return };
        spawn_local(async move {
            let mut read = Vec::with_capacity(saved.len());
            let mut failed = false;
            for entry in saved {
                let view = crate::api::receipt(&base, &entry.receipt).await;
                failed |= view.is_err();
                read.push((entry, view.ok()));
            }
            entries.set(read);
            unavailable.set(failed);
        });
    });

    let status_text = move |status: ReceiptStatus| match status {
        ReceiptStatus::Received => catalog.status_received,
        ReceiptStatus::Answered => catalog.status_answered,
        ReceiptStatus::Resolved => catalog.status_resolved,
    };

    view! {
        <Show when=move || entries.with(|e| !e.is_empty())>
            <section class="my-questions" aria-labelledby="chapeau-my-questions" part="my-questions">
                <h3 id="chapeau-my-questions">{catalog.my_questions}</h3>
                <Show when=move || unavailable.get()>
                    <p class="note">{catalog.receipts_unavailable}</p>
                </Show>
                <ul>
                    {move || entries.get().into_iter().map(|(saved, view)| {
                        let status = view.as_ref().map(|v| v.status);
                        let answer = view.and_then(|v| v.answer);
                        view! {
                            <li class="my-question">
                                <p class="asked">{saved.excerpt}</p>
                                {status.map(|s| view! {
                                    <p class=format!("badge {}", s.as_str())>{status_text(s)}</p>
                                })}
                                {answer.map(|a| view! {
                                    <div class="answer">
                                        <p class="answer-label">{catalog.team_answer}</p>
                                        <p class="answer-text">{a.message}</p>
                                    </div>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        </Show>
    }
}
