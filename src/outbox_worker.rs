//! Delivers what waits in the visitor's outbox ([`crate::outbox`]): as soon as the module is
//! on the page (the loader loads it at idle time on every page with the widget, so another
//! page of the site delivers too), when the browser comes back online, and when the next
//! retry is due. One worker per page; two tabs may both send a submission, which its id makes
//! harmless: the backend stores it once.

use std::cell::{Cell, RefCell};
use std::time::Duration;

use leptos::prelude::{set_timeout_with_handle, window_event_listener_untyped, TimeoutHandle};
use leptos::task::spawn_local;

use crate::browser;
use crate::outbox::{Attempt, Outbox, Pending, STORAGE_KEY};

thread_local! {
    static RUNNING: Cell<bool> = const { Cell::new(false) };
    static LISTENING: Cell<bool> = const { Cell::new(false) };
    static TIMER: RefCell<Option<TimeoutHandle>> = const { RefCell::new(None) };
}

/// Whole milliseconds since the epoch, as the outbox keeps time.
fn now_ms() -> u64 {
    browser::now_ms() as u64
}

fn load() -> Outbox {
    browser::stored(STORAGE_KEY, Outbox::from_lines).sanitized()
}

fn save(outbox: &Outbox) {
    if outbox.is_empty() {
        browser::forget(STORAGE_KEY);
    } else {
        browser::store(STORAGE_KEY, outbox);
    }
}

/// Starts delivering if the outbox holds any submission (an empty outbox is not kept at all:
/// see `save`). Otherwise nothing more of the worker runs.
pub fn start_if_waiting() {
    if browser::stored_text(STORAGE_KEY).is_some() {
        start();
    }
}

/// After `pending` was delivered with `receipt` (if the backend gave one): keeps the receipt
/// of a question or complaint, so the visitor finds the answer later. Returns whether it did.
pub fn keep_receipt(pending: &Pending, receipt: Option<String>) -> bool {
    let Some(saved) = receipt.and_then(|r| pending.receipt(r)) else {
        return false;
    };
    browser::keep_receipt(&pending.site, saved);
    true
}

/// Keeps a submission that could not be delivered and makes sure it will be, not before
/// `retry_after_ms` when the backend asked for that. Returns false where the browser keeps
/// nothing (storage blocked or full): then the visitor must be told it was not sent.
pub fn keep(pending: Pending, retry_after_ms: Option<u64>) -> bool {
    let id = pending.id.clone();
    let mut outbox = load();
    let now = now_ms();
    outbox.keep(pending, now, browser::random());
    outbox.wait_as_asked(&id, now, retry_after_ms);
    save(&outbox);
    let kept = load().pending.iter().any(|p| p.id == id);
    if kept {
        start();
    }
    kept
}

/// Starts delivering, unless the worker already is; listens for the browser coming back
/// online (once per page).
pub fn start() {
    if !LISTENING.replace(true) {
        // The page lives as long as the listener does: it is never removed.
        std::mem::forget(window_event_listener_untyped("online", |_| {
            let mut outbox = load();
            if !outbox.is_empty() {
                outbox.hurry(now_ms());
                save(&outbox);
                start();
            }
        }));
    }
    if RUNNING.replace(true) {
        return;
    }
    if let Some(timer) = TIMER.take() {
        timer.clear();
    }
    spawn_local(async {
        deliver_due().await;
        RUNNING.set(false);
    });
}

/// Sends every submission that is due, one at a time, then sleeps until the next one is.
async fn deliver_due() {
    // Each submission is tried once per round: where storage cannot record a failure, the
    // same one would otherwise come due again at once, forever.
    let mut tried = Vec::new();
    loop {
        let now = now_ms();
        let mut outbox = load();
        if outbox.expire(now) > 0 {
            save(&outbox);
        }
        let Some(pending) = outbox.due(now).filter(|p| !tried.contains(&p.id)).cloned() else {
            if let Some(at) = outbox.next_due_at() {
                let wait = Duration::from_millis(at.saturating_sub(now).min(i32::MAX as u64));
                TIMER.set(set_timeout_with_handle(start, wait).ok());
            }
            return;
        };
        tried.push(pending.id.clone());
        let sent = crate::http::send(&pending.url, &pending.body).await;
        let attempt = Attempt::of(&sent.result);
        // Read again: another tab may have changed the outbox while the request was out.
        let mut outbox = load();
        let now = now_ms();
        let settled = outbox.settle(&pending.id, attempt, now, browser::random());
        outbox.wait_as_asked(&pending.id, now, sent.retry_after_ms);
        save(&outbox);
        match (attempt, settled, sent.result) {
            (Attempt::Delivered, Some(done), Ok(receipt)) => {
                keep_receipt(&done, receipt);
            }
            (Attempt::Refused, Some(done), _) => web_sys::console::warn_1(
                &format!("Chapeau: the backend refused submission {} kept in the outbox; it will not be sent again", done.id).into(),
            ),
            _ => {}
        }
    }
}
