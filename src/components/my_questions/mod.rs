use crate::prelude::*;
use chapeau_protocol::{ReceiptStatus, ReceiptView};
use crate::state::State;

use crate::browser;
use crate::components::{Ctx, Visible};
use crate::dom::{effect, el, El};
use crate::receipts::SavedReceipt;

/// How many of their questions a visitor sees, newest first.
const SHOWN: usize = 10;

/// "Your messages": what this visitor asked on this site, with the status of each and the
/// team's answer once there is one, read through the receipts kept in their browser. Only
/// for a full backend: a post-level one gives no receipts to read. Appended to `into`; read
/// again every time it comes on screen (`visible`) or a receipt is kept.
pub fn my_questions(into: El, ctx: &Ctx, visible: Visible) -> El {
    let c = ctx.c;
    let entries = State::new(Vec::<(SavedReceipt, Option<ReceiptView>)>::new());
    let unavailable = State::new(false);
    let base = ctx.config.backend.read_base().map(String::from);
    let site = ctx.config.site.clone();
    let receipts_changed = ctx.receipts_changed;

    effect(move || {
        receipts_changed.track();
        if !visible() {
            return;
        }
        let saved: Vec<SavedReceipt> = browser::receipts(&site).entries.into_iter().take(SHOWN).collect();
        entries.set(saved.iter().cloned().map(|s| (s, None)).collect());
        let Some(base) = base.clone() else { return };
        wasm_bindgen_futures::spawn_local(async move {
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
        ReceiptStatus::Received => c.status_received(),
        ReceiptStatus::Answered => c.status_answered(),
        ReceiptStatus::Resolved => c.status_resolved(),
    };
    let item = move |(saved, view): &(SavedReceipt, Option<ReceiptView>)| {
        let answer = view.as_ref().and_then(|v| v.answer.as_ref());
        el("li")
            .class("my-question")
            .child(el("p").class("asked").text(&saved.excerpt))
            .child_opt(view.as_ref().map(|v| el("p").class(&crate::text::cat(&["badge ", v.status.as_str()])).text(status_text(v.status))))
            .child_opt(answer.map(|a| {
                el("div")
                    .class("answer")
                    .child(el("p").class("answer-label").text(c.team_answer()))
                    .child(el("p").class("answer-text").text(&a.message))
            }))
    };
    into.part(
        move || entries.get(),
        move |entries| {
            if entries.is_empty() {
                return Vec::new();
            }
            vec![el("section")
                .set("class=my-questions aria-labelledby=chapeau-my-questions part=my-questions")
                .child(el("h3").attr("id", "chapeau-my-questions").text(c.my_questions()))
                .part_when(move || unavailable.get(), move || vec![el("p").class("note").text(c.receipts_unavailable())])
                .child(el("ul").children(entries.iter().map(item).collect()))]
        },
    )
}
