//! The visitor's outbox, as plain logic: submissions that could not be delivered (offline, a
//! timeout, a 5xx, a 429) wait in the browser's storage with their idempotency id and are
//! retried with backoff and jitter, from any page of the site, until the backend takes them.
//! A retry reuses the id, so the backend stores each submission once however often it is sent.
//!
//! Stored as JSON (see [`crate::stored`]); read from the line format of earlier versions too.

use chapeau_protocol::{Category, Content, Kind};
use serde::{Deserialize, Serialize};

use crate::delivery::{Outgoing, Problem};
use crate::receipts::{excerpt, SavedReceipt};

/// The storage key. Storage is per origin, so every page of the site shares one outbox.
pub const STORAGE_KEY: &str = "chapeau.outbox";

/// How many submissions wait at most; the oldest give way (a visitor offline for days who
/// writes more than this is not a visitor).
pub const MAX_PENDING: usize = 20;

/// After a week a submission is no longer what the visitor would want sent.
pub const MAX_AGE_MS: u64 = 7 * 24 * 3600 * 1000;

/// The first retry waits about this long; each next one twice as long.
pub const FIRST_DELAY_MS: u64 = 2_000;

/// No retry waits longer than this.
pub const MAX_DELAY_MS: u64 = 5 * 60 * 1000;

/// The longest a backend's `Retry-After` is obeyed: a broken one may ask for years.
pub const MAX_RETRY_AFTER_MS: u64 = 60 * 60 * 1000;

/// A submission waiting to be delivered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    /// The submission's id: the idempotency key every attempt carries.
    pub id: String,
    /// Where it goes.
    pub url: String,
    /// Its JSON, exactly as first sent.
    pub body: String,
    pub kind: Kind,
    pub site: String,
    pub sent_at: String,
    /// When the backend answers with a receipt, the start of the message to keep it with
    /// (questions and complaints); empty when no receipt is kept.
    pub excerpt: String,
    pub keeps_receipt: bool,
    /// When it was first queued (ms since the epoch).
    pub queued_at: u64,
    /// Failed attempts so far.
    pub attempts: u32,
    /// Not retried before this time (ms since the epoch).
    pub next_at: u64,
}

impl Pending {
    /// A submission about to leave for `url` as `body`, not yet queued. Questions and
    /// complaints keep their receipt once delivered, so the visitor can read the answer.
    pub fn new(submission: &Outgoing, url: &str, body: String) -> Pending {
        let (message, keeps_receipt) = match &submission.content {
            Content::Question(q) => (q.message.as_str(), true),
            Content::Feedback(f) => (f.message.as_str(), f.category == Category::Complaint),
            Content::Vote(_) => ("", false),
        };
        Pending {
            id: submission.id.clone(),
            url: url.into(),
            body,
            kind: submission.kind(),
            site: submission.site.clone(),
            sent_at: submission.sent_at.clone(),
            excerpt: if keeps_receipt { excerpt(message) } else { String::new() },
            keeps_receipt,
            queued_at: 0,
            attempts: 0,
            next_at: 0,
        }
    }

    /// The receipt to keep once the backend gave `receipt`, if this submission keeps one.
    pub fn receipt(&self, receipt: String) -> Option<SavedReceipt> {
        self.keeps_receipt.then(|| SavedReceipt {
            receipt,
            id: self.id.clone(),
            kind: self.kind,
            sent_at: self.sent_at.clone(),
            excerpt: self.excerpt.clone(),
        })
    }

    /// Whether it can be what the widget queued.
    fn is_sane(&self) -> bool {
        chapeau_protocol::is_uuid(&self.id) && !self.url.is_empty() && self.body.starts_with('{')
    }

    /// One line of the earlier versions' format: tab-separated fields, the JSON body last.
    fn from_line(line: &str) -> Option<Pending> {
        let mut f = line.splitn(11, '\t');
        let id = f.next()?.to_string();
        let url = f.next()?.to_string();
        let kind = match f.next()? {
            "feedback" => Kind::Feedback,
            "question" => Kind::Question,
            "vote" => Kind::Vote,
            _ => return None,
        };
        let number = |text: &str| text.bytes().all(|b| b.is_ascii_digit()).then(|| text.parse::<u64>().ok()).flatten();
        Some(Pending {
            id,
            url,
            kind,
            site: f.next()?.to_string(),
            sent_at: f.next()?.to_string(),
            keeps_receipt: f.next()? == "1",
            excerpt: f.next()?.to_string(),
            queued_at: number(f.next()?)?,
            attempts: u32::try_from(number(f.next()?)?).ok()?,
            next_at: number(f.next()?)?,
            body: f.next()?.to_string(),
        })
    }
}

/// What became of one attempt, as the outbox needs to know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// The backend took it (2xx, including an idempotent replay).
    Delivered,
    /// Worth another try later: no answer, a 5xx, a 429.
    Retry,
    /// The backend will never take it as it is (another 4xx): trying again would not help.
    Refused,
}

impl Attempt {
    pub fn of<T>(result: &Result<T, Problem>) -> Attempt {
        match *result {
            Ok(_) => Attempt::Delivered,
            Err(problem) if is_retriable(problem) => Attempt::Retry,
            Err(_) => Attempt::Refused,
        }
    }
}

/// Whether a problem is the network's or the backend's passing trouble, not the submission's.
pub fn is_retriable(problem: Problem) -> bool {
    matches!(problem, Problem::Network | Problem::Server | Problem::RateLimited)
}

/// How long to wait after the `attempts`-th failure: exponential, capped, with "equal jitter"
/// (half fixed, half random) so that the visitors of a site that just came back do not all
/// retry in the same second. `random` is in [0, 1).
pub fn backoff_ms(attempts: u32, random: f64) -> u64 {
    let exponential = FIRST_DELAY_MS << attempts.saturating_sub(1).min(20);
    let half = exponential.min(MAX_DELAY_MS) / 2;
    half + (half as f64 * random.clamp(0.0, 1.0)) as u64
}

/// How long a `Retry-After` header asks to wait, in ms: seconds, or an HTTP date that
/// `date_ms` reads (the browser's parser in the widget), counted from `now`; at most
/// [`MAX_RETRY_AFTER_MS`]. `None` when the header says nothing usable.
pub fn retry_after_ms(value: &str, now: u64, date_ms: impl FnOnce(&str) -> Option<u64>) -> Option<u64> {
    let value = value.trim();
    let wait = if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        value.parse::<u64>().map_or(u64::MAX, |seconds| seconds.saturating_mul(1000))
    } else {
        date_ms(value)?.saturating_sub(now)
    };
    Some(wait.min(MAX_RETRY_AFTER_MS))
}

/// The submissions waiting in this browser, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Outbox {
    pub pending: Vec<Pending>,
}

impl Outbox {
    /// What was read from storage, without what cannot be a submission the widget queued.
    pub fn sanitized(mut self) -> Outbox {
        self.pending.retain(Pending::is_sane);
        self
    }

    /// Reads the line format of earlier versions; damaged lines are left out.
    pub fn from_lines(text: &str) -> Outbox {
        Outbox { pending: text.lines().filter_map(Pending::from_line).collect() }.sanitized()
    }

    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// Queues a submission that just failed, due for a retry after its first backoff. The same
    /// id queued again (the visitor pressed send twice while offline) stays one entry.
    pub fn keep(&mut self, mut pending: Pending, now: u64, random: f64) {
        self.pending.retain(|p| p.id != pending.id);
        pending.queued_at = now;
        pending.attempts = 1;
        pending.next_at = now + backoff_ms(1, random);
        self.pending.push(pending);
        let excess = self.pending.len().saturating_sub(MAX_PENDING);
        self.pending.drain(..excess);
    }

    /// Forgets submissions too old to send.
    pub fn expire(&mut self, now: u64) -> usize {
        let before = self.pending.len();
        self.pending.retain(|p| now.saturating_sub(p.queued_at) <= MAX_AGE_MS);
        before - self.pending.len()
    }

    /// The next submission due at `now`, if any.
    pub fn due(&self, now: u64) -> Option<&Pending> {
        self.pending.iter().filter(|p| p.next_at <= now).min_by_key(|p| p.next_at)
    }

    /// When the next retry is due, if anything waits.
    pub fn next_due_at(&self) -> Option<u64> {
        self.pending.iter().map(|p| p.next_at).min()
    }

    /// Makes everything due now: the browser just came back online.
    pub fn hurry(&mut self, now: u64) {
        for pending in &mut self.pending {
            pending.next_at = pending.next_at.min(now);
        }
    }

    /// Holds `id` back for `retry_after_ms` from `now` at least, when the backend asked for
    /// that time (`Retry-After`); a shorter wait than its backoff changes nothing.
    pub fn wait_as_asked(&mut self, id: &str, now: u64, retry_after_ms: Option<u64>) {
        let Some(wait) = retry_after_ms else { return };
        if let Some(pending) = self.pending.iter_mut().find(|p| p.id == id) {
            pending.next_at = pending.next_at.max(now + wait);
        }
    }

    /// Records what became of an attempt at `id`, returning the entry when it leaves the
    /// outbox (delivered or refused).
    pub fn settle(&mut self, id: &str, attempt: Attempt, now: u64, random: f64) -> Option<Pending> {
        let index = self.pending.iter().position(|p| p.id == id)?;
        match attempt {
            Attempt::Delivered | Attempt::Refused => Some(self.pending.remove(index)),
            Attempt::Retry => {
                let pending = &mut self.pending[index];
                pending.attempts = pending.attempts.saturating_add(1);
                pending.next_at = now + backoff_ms(pending.attempts, random);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(id_tail: u32) -> Pending {
        Pending {
            id: format!("3f1c2a4e-8b7d-4c6e-9f01-{id_tail:012}"),
            url: "https://collect.example/v1/submissions".into(),
            body: r#"{"v":1,"id":"x","body":{"message":"Tabs\tand\nnewlines, escaped"}}"#.into(),
            kind: Kind::Question,
            site: "acme".into(),
            sent_at: "2026-11-25T10:00:00Z".into(),
            excerpt: "Where is\tmy\norder?".into(),
            keeps_receipt: true,
            queued_at: 0,
            attempts: 0,
            next_at: 0,
        }
    }

    fn from_json(text: &str) -> Outbox {
        serde_json::from_str::<Outbox>(text).unwrap().sanitized()
    }

    #[test]
    fn the_outbox_survives_being_stored_and_read_back() {
        let mut outbox = Outbox::default();
        outbox.keep(pending(1), 1_000, 0.5);
        outbox.keep(pending(2), 2_000, 0.0);
        let read = from_json(&serde_json::to_string(&outbox).unwrap());
        assert_eq!(read, outbox);
        assert!(read.pending[0].keeps_receipt);
    }

    #[test]
    fn the_line_format_of_earlier_versions_is_read_whole() {
        // A complaint as the previous version queued it: ten tab-separated fields, its JSON last.
        let body = r#"{"v":1,"id":"3f1c2a4e-8b7d-4c6e-9f01-000000000001","site":"acme","kind":"feedback","body":{"message":"Cracked"}}"#;
        let line = format!("3f1c2a4e-8b7d-4c6e-9f01-000000000001\thttps://collect.example/v1/submissions\tfeedback\tacme\t2026-11-25T10:00:00Z\t1\tCracked\t1000\t2\t9000\t{body}");
        let outbox = Outbox::from_lines(&format!("garbage\nnot\tenough\tfields\n{line}\n{}", line.replace("3f1c", "zzzz")));
        assert_eq!(outbox.pending.len(), 1, "the damaged lines are left out");
        let pending = &outbox.pending[0];
        assert_eq!((pending.kind, pending.site.as_str(), pending.excerpt.as_str()), (Kind::Feedback, "acme", "Cracked"));
        assert_eq!((pending.queued_at, pending.attempts, pending.next_at), (1000, 2, 9000));
        assert!(pending.keeps_receipt);
        assert_eq!(pending.body, body);
        assert!(Outbox::from_lines("").is_empty());
    }

    #[test]
    fn what_cannot_be_a_queued_submission_is_left_out() {
        let mut outbox = Outbox::default();
        outbox.keep(pending(1), 0, 0.0);
        let text = serde_json::to_string(&outbox).unwrap();
        assert_eq!(from_json(&text.replace("3f1c", "zzzz")).pending.len(), 0);
        assert_eq!(from_json(&text).pending.len(), 1);
    }

    #[test]
    fn the_same_submission_queued_twice_is_one_entry() {
        let mut outbox = Outbox::default();
        outbox.keep(pending(1), 0, 0.0);
        outbox.keep(pending(1), 10, 0.0);
        assert_eq!(outbox.pending.len(), 1);
        assert_eq!(outbox.pending[0].queued_at, 10);
    }

    #[test]
    fn the_oldest_give_way_past_the_limit() {
        let mut outbox = Outbox::default();
        for n in 0..(MAX_PENDING as u32 + 3) {
            outbox.keep(pending(n), u64::from(n), 0.0);
        }
        assert_eq!(outbox.pending.len(), MAX_PENDING);
        assert!(outbox.pending[0].id.ends_with("000000000003"));
    }

    #[test]
    fn backoff_doubles_up_to_its_ceiling_with_jitter_in_the_upper_half() {
        assert_eq!(backoff_ms(1, 0.0), 1_000);
        assert_eq!(backoff_ms(1, 1.0), 2_000);
        assert_eq!(backoff_ms(2, 1.0), 4_000);
        assert_eq!(backoff_ms(3, 0.5), 6_000);
        assert_eq!(backoff_ms(40, 1.0), MAX_DELAY_MS);
        assert_eq!(backoff_ms(u32::MAX, 0.0), MAX_DELAY_MS / 2);
        // Two visitors with different luck retry at different times.
        assert_ne!(backoff_ms(5, 0.1), backoff_ms(5, 0.9));
    }

    #[test]
    fn a_failed_retry_waits_longer_and_a_delivery_or_refusal_leaves() {
        let mut outbox = Outbox::default();
        outbox.keep(pending(1), 0, 1.0);
        assert!(outbox.due(1_999).is_none());
        let id = outbox.due(2_000).expect("due after its first backoff").id.clone();
        assert_eq!(outbox.settle(&id, Attempt::Retry, 2_000, 1.0), None);
        assert_eq!(outbox.pending[0].attempts, 2);
        assert_eq!(outbox.next_due_at(), Some(6_000));
        let gone = outbox.settle(&id, Attempt::Delivered, 6_000, 0.0).expect("delivered leaves");
        assert_eq!(gone.receipt("tok".into()).map(|r| r.id), Some(id));
        assert!(outbox.is_empty());
        outbox.keep(pending(2), 0, 0.0);
        assert!(outbox.settle(&outbox.pending[0].id.clone(), Attempt::Refused, 1, 0.0).is_some());
        assert!(outbox.is_empty());
    }

    #[test]
    fn a_backend_that_asks_for_time_gets_it_within_reason() {
        let no_date = |_: &str| None;
        assert_eq!(retry_after_ms("120", 0, no_date), Some(120_000));
        assert_eq!(retry_after_ms(" 0 ", 0, no_date), Some(0));
        assert_eq!(retry_after_ms("99999999999999999999", 0, no_date), Some(MAX_RETRY_AFTER_MS));
        assert_eq!(retry_after_ms("Wed, 25 Nov 2026 10:00:30 GMT", 1_000, |_| Some(31_000)), Some(30_000));
        assert_eq!(retry_after_ms("Wed, 25 Nov 2026 09:00:00 GMT", 5_000, |_| Some(1_000)), Some(0), "a date past is now");
        assert_eq!(retry_after_ms("soon", 0, no_date), None);
        assert_eq!(retry_after_ms("", 0, no_date), None);
        assert_eq!(retry_after_ms("-5", 0, no_date), None);

        let mut outbox = Outbox::default();
        outbox.keep(pending(1), 0, 0.0);
        let id = outbox.pending[0].id.clone();
        outbox.wait_as_asked(&id, 0, None);
        assert_eq!(outbox.next_due_at(), Some(1_000), "no header: the backoff stands");
        outbox.wait_as_asked(&id, 0, Some(120_000));
        assert_eq!(outbox.next_due_at(), Some(120_000));
        assert!(outbox.due(119_999).is_none(), "nothing goes before the time the backend asked for");
        outbox.wait_as_asked(&id, 0, Some(10));
        assert_eq!(outbox.next_due_at(), Some(120_000), "a shorter wait does not bring it forward");
        outbox.wait_as_asked("someone-else", 0, Some(999_999));
        assert_eq!(outbox.next_due_at(), Some(120_000));
    }

    #[test]
    fn coming_back_online_makes_everything_due_and_old_entries_expire() {
        let mut outbox = Outbox::default();
        outbox.keep(pending(1), 0, 1.0);
        outbox.keep(pending(2), MAX_AGE_MS, 1.0);
        outbox.hurry(MAX_AGE_MS + 1);
        assert!(outbox.due(MAX_AGE_MS + 1).is_some());
        assert_eq!(outbox.expire(MAX_AGE_MS + 1), 1);
        assert_eq!(outbox.pending.len(), 1);
    }

    #[test]
    fn only_passing_trouble_is_retried() {
        assert_eq!(Attempt::of(&Ok::<(), Problem>(())), Attempt::Delivered);
        for problem in [Problem::Network, Problem::Server, Problem::RateLimited] {
            assert_eq!(Attempt::of(&Err::<(), _>(problem)), Attempt::Retry);
        }
        for problem in [Problem::Invalid, Problem::Refused, Problem::PollClosed, Problem::MessageTooLong] {
            assert_eq!(Attempt::of(&Err::<(), _>(problem)), Attempt::Refused);
        }
    }
}
