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
    /// Results from running tallies: `counted` holds each choice's count, `total` the number
    /// of ballots. Every option of the poll appears, with 0 when nobody chose it; choices the
    /// poll no longer has are ignored, and a count below zero reads as zero.
    pub fn from_counts<'a>(
        options: impl IntoIterator<Item = &'a str>,
        counted: impl IntoIterator<Item = (String, i64)>,
        total: i64,
    ) -> PollResults {
        let mut counts: BTreeMap<String, u64> = options.into_iter().map(|o| (o.to_string(), 0)).collect();
        for (choice, count) in counted {
            if let Some(slot) = counts.get_mut(&choice) {
                *slot = u64::try_from(count).unwrap_or(0);
            }
        }
        PollResults { total: u64::try_from(total).unwrap_or(0), counts }
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

    fn counted(list: &[(&str, i64)]) -> Vec<(String, i64)> {
        list.iter().map(|(choice, n)| (choice.to_string(), *n)).collect()
    }

    #[test]
    fn results_show_every_option_and_only_the_polls() {
        let results = PollResults::from_counts(["a", "b", "c"], counted(&[("a", 2), ("b", 2), ("gone", 1)]), 4);
        assert_eq!(results.total, 4);
        assert_eq!(results.counts["a"], 2);
        assert_eq!(results.counts["b"], 2);
        assert_eq!(results.counts["c"], 0, "an option nobody chose still shows");
        assert!(!results.counts.contains_key("gone"));
        let below_zero = PollResults::from_counts(["a"], counted(&[("a", -1)]), -1);
        assert_eq!((below_zero.total, below_zero.counts["a"]), (0, 0));
    }

    #[test]
    fn percentages_round_to_nearest_and_survive_no_votes() {
        let results = PollResults::from_counts(["a", "b"], counted(&[("a", 2), ("b", 1)]), 3);
        assert_eq!((results.percent("a"), results.percent("b")), (67, 33));
        let none = PollResults::from_counts(["a"], Vec::new(), 0);
        assert_eq!(none.percent("a"), 0);
        assert_eq!(none.percent("nope"), 0);
        let half = PollResults::from_counts(["a", "b"], counted(&[("a", 1), ("b", 1)]), 2);
        assert_eq!(half.percent("a"), 50);
    }
}
