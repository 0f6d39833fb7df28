//! What a full backend answers to the widget's reads: polls, receipts, the public Q&A.

use crate::prelude::*;
use alloc::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::submission::{Kind, ReceiptStatus};

/// `GET {base}/v1/sites/{site}/polls/{poll}`. `R` holds the results: counts by option id
/// here; the widget keeps them in the options' order instead (no map in its code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollView<R = PollResults> {
    pub id: String,
    pub question: String,
    pub options: Vec<PollOption>,
    pub multiple: bool,
    /// RFC 3339; after it, votes are refused.
    pub closes_at: Option<String>,
    /// `None` while the poll's rule hides them.
    pub results: Option<R>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollOption {
    pub id: String,
    pub label: String,
}

/// How many visitors voted, and how many chose each option (several per visitor in a
/// multiple-choice poll, so the counts can add up to more than `total`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollResults {
    pub total: u64,
    pub counts: BTreeMap<String, u64>,
}

impl PollResults {
    /// Counts ballots, one per visitor, each a list of option ids. Every option of the poll
    /// appears, with 0 when nobody chose it; ids the poll no longer has are ignored.
    pub fn tally<'a>(
        options: impl IntoIterator<Item = &'a str>,
        ballots: impl IntoIterator<Item = Vec<String>>,
    ) -> PollResults {
        let mut counts: BTreeMap<String, u64> = options.into_iter().map(|o| (o.to_string(), 0)).collect();
        let mut total = 0;
        for ballot in ballots {
            total += 1;
            for choice in ballot {
                if let Some(count) = counts.get_mut(&choice) {
                    *count += 1;
                }
            }
        }
        PollResults { total, counts }
    }

    /// The share of voters who chose `option`, in whole percent rounded to nearest.
    pub fn percent(&self, option: &str) -> u64 {
        self.counts.get(option).map_or(0, |&count| percent(count, self.total))
    }
}

/// The share `count` is of `total`, in whole percent rounded to nearest (0 of nobody).
pub fn percent(count: u64, total: u64) -> u64 {
    if total == 0 {
        return 0;
    }
    (count * 200 + total) / (total * 2)
}

/// `GET {base}/v1/receipts/{receipt}`: how a visitor reads the fate of their submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptView {
    pub id: String,
    pub kind: Kind,
    pub status: ReceiptStatus,
    pub answer: Option<Answer>,
}

/// The community manager's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub message: String,
    pub answered_at: String,
}

/// One entry of `GET {base}/v1/sites/{site}/questions?page=N`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicQuestion {
    pub id: String,
    pub message: String,
    pub answer: String,
    pub upvotes: u64,
    pub answered_at: String,
}

/// The body of `POST {base}/v1/sites/{site}/questions/{id}/upvotes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpvoteRequest {
    pub visitor: String,
}

/// The answer to an upvote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpvoteCount {
    pub upvotes: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ballots(list: &[&[&str]]) -> Vec<Vec<String>> {
        list.iter().map(|b| b.iter().map(|s| s.to_string()).collect()).collect()
    }

    #[test]
    fn a_tally_counts_voters_and_choices() {
        let results = PollResults::tally(["a", "b", "c"], ballots(&[&["a"], &["a", "b"], &["b"], &["gone"]]));
        assert_eq!(results.total, 4);
        assert_eq!(results.counts["a"], 2);
        assert_eq!(results.counts["b"], 2);
        assert_eq!(results.counts["c"], 0, "an option nobody chose still shows");
        assert!(!results.counts.contains_key("gone"));
    }

    #[test]
    fn percentages_round_to_nearest_and_survive_no_votes() {
        let results = PollResults::tally(["a", "b"], ballots(&[&["a"], &["a"], &["b"]]));
        assert_eq!((results.percent("a"), results.percent("b")), (67, 33));
        let none = PollResults::tally(["a"], Vec::new());
        assert_eq!(none.percent("a"), 0);
        assert_eq!(none.percent("nope"), 0);
        let half = PollResults::tally(["a", "b"], ballots(&[&["a"], &["b"]]));
        assert_eq!(half.percent("a"), 50);
    }
}
