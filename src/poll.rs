//! A poll as plain logic: the visitor's ballot, what the poll shows at each stage, and the
//! results as rows of bars. No DOM: `cargo test` checks the poll math natively.

use chapeau_protocol::{Content, PollOption, PollView, Vote};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::delivery::Problem;
use crate::i18n::Catalog;

/// A poll as the backend shows it (the contract's `PollView`), or as the embed defines it.
pub type Poll = PollView<Tally>;

/// A poll's results: how many visitors voted, and how many chose each option. The contract's
/// `counts` object is read as pairs: a map would ship its code to every visitor for a handful
/// of options.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Tally {
    pub total: u64,
    #[serde(deserialize_with = "pairs")]
    pub counts: Vec<(String, u64)>,
}

impl Tally {
    /// How many chose `option`.
    pub fn count(&self, option: &str) -> u64 {
        self.counts.iter().find(|(id, _)| id == option).map_or(0, |(_, n)| *n)
    }
}

/// A JSON object of counts, as (key, count) pairs in its order.
fn pairs<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<(String, u64)>, D::Error> {
    struct Pairs;
    impl<'de> Visitor<'de> for Pairs {
        type Value = Vec<(String, u64)>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object of counts")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut pairs = Vec::new();
            while let Some(pair) = map.next_entry()? {
                pairs.push(pair);
            }
            Ok(pairs)
        }
    }
    deserializer.deserialize_map(Pairs)
}

/// The storage key of the visitor's own ballot in one poll, so that a returning visitor sees
/// the results and what they chose.
pub fn ballot_key(site: &str, poll: &str) -> String {
    format!("chapeau.poll.{site}.{poll}")
}

/// The options the visitor ticked, in the poll's order. Stored as a JSON array of option ids
/// (see [`crate::stored`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Ballot {
    pub choices: Vec<String>,
}

impl Ballot {
    /// Reads the format of earlier versions: one option id per line.
    pub fn from_lines(text: &str) -> Ballot {
        Ballot { choices: crate::stored::lines(text) }
    }

    pub fn has(&self, option: &str) -> bool {
        self.choices.iter().any(|c| c == option)
    }

    /// Ticks or unticks `option`: a single-choice poll keeps only the last one. The choices
    /// stay in the poll's order, whatever the order of the clicks: the same ballot is the
    /// same content, so a retry reuses its id.
    pub fn choose(&mut self, poll: &Poll, option: &str, ticked: bool) {
        let keeps = |id: &str| if id == option { ticked } else { poll.multiple && self.has(id) };
        self.choices = poll.options.iter().filter(|o| keeps(&o.id)).map(|o| o.id.clone()).collect();
    }

    /// The vote to send, checked with the contract's rules.
    pub fn content(&self, poll: &Poll) -> Result<Content, Problem> {
        if self.choices.is_empty() {
            return Err(Problem::ChoiceRequired);
        }
        let content = Content::Vote(Vote { poll: poll.id.clone(), choices: self.choices.clone() });
        content.validate().map_err(|v| Problem::from_violation(&v))?;
        Ok(content)
    }
}

/// One option's line in the results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultRow {
    pub option: PollOption,
    pub count: u64,
    pub percent: u64,
    /// Whether the visitor chose it.
    pub mine: bool,
}

/// The results as rows in the poll's order, each with its share of the voters.
pub fn result_rows(poll: &Poll, results: &Tally, ballot: &Ballot) -> Vec<ResultRow> {
    poll.options
        .iter()
        .map(|option| {
            let count = results.count(&option.id);
            ResultRow { option: option.clone(), count, percent: chapeau_protocol::percent(count, results.total), mine: ballot.has(&option.id) }
        })
        .collect()
}

/// What the poll shows below its question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The choices and the vote button.
    Voting,
    /// After a vote, or on a closed poll: results if the poll shows them, else why not.
    Results,
}

/// When a poll closes and whether it has: `closes_at_ms` is its closing time read by the
/// browser (`None` for a poll without one).
pub fn is_closed(closes_at_ms: Option<f64>, now_ms: f64) -> bool {
    closes_at_ms.is_some_and(|at| now_ms >= at)
}

/// Where a poll with this state starts: a visitor who voted (or faces a closed poll) sees the
/// results; the others vote.
pub fn stage(voted: bool, closed: bool) -> Stage {
    if voted || closed {
        Stage::Results
    } else {
        Stage::Voting
    }
}

/// The sentence that stands where results would be when there are none to show.
pub fn no_results_note(c: &Catalog, full_backend: bool, voted: bool, closed: bool) -> Option<&str> {
    match (full_backend, voted, closed) {
        (false, true, _) => Some(c.poll_results_elsewhere()),
        // The collector hides results after a vote only when they wait for the closing.
        (true, true, false) => Some(c.poll_results_after_close()),
        (true, false, false) => Some(c.poll_results_after_vote()),
        _ => None,
    }
}

/// A poll defined in the embed, for a backend that only accepts posts. `options` is
/// `id=Label|id=Label`, or plain labels whose ids are made from them.
pub fn inline_poll(id: &str, question: &str, options: &str, multiple: bool) -> Result<Poll, &'static str> {
    let mut parsed: Vec<PollOption> = Vec::new();
    for item in options.split('|').map(str::trim).filter(|i| !i.is_empty()) {
        let (id, label) = match item.split_once('=') {
            Some((id, label)) => (id.trim().to_string(), label.trim().to_string()),
            None => (slug(item), item.to_string()),
        };
        if !chapeau_protocol::is_site_id(&id) || label.is_empty() {
            return Err("options as \"id=Label|id=Label\" (ids of letters, digits, - or _)");
        }
        if parsed.iter().any(|o| o.id == id) {
            return Err("options with different ids");
        }
        parsed.push(PollOption { id, label });
    }
    if parsed.len() < 2 {
        return Err("at least two options, such as \"yes=Yes|no=No\"");
    }
    if question.trim().is_empty() {
        return Err("a question in data-poll-question");
    }
    Ok(Poll {
        id: id.into(),
        question: question.trim().into(),
        options: parsed,
        multiple,
        closes_at: None,
        results: None,
    })
}

/// An id made from a label: `Forest green` → `forest-green`.
fn slug(label: &str) -> String {
    let mut out = String::new();
    for c in label.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(64).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::files::catalog;
    use crate::i18n::Lang;

    fn poll(multiple: bool) -> Poll {
        inline_poll("colour", "Which colour?", "red=Red|green=Green|blue=Blue", multiple).unwrap()
    }

    #[test]
    fn a_single_choice_keeps_only_the_last_pick() {
        let poll = poll(false);
        let mut ballot = Ballot::default();
        ballot.choose(&poll, "red", true);
        ballot.choose(&poll, "blue", true);
        assert_eq!(ballot.choices, ["blue"]);
    }

    #[test]
    fn a_multiple_choice_keeps_the_polls_order() {
        let poll = poll(true);
        let mut ballot = Ballot::default();
        ballot.choose(&poll, "blue", true);
        ballot.choose(&poll, "red", true);
        ballot.choose(&poll, "green", true);
        ballot.choose(&poll, "green", false);
        assert_eq!(ballot.choices, ["red", "blue"], "same ticks, same content, whatever the clicks");
        let Ok(Content::Vote(vote)) = ballot.content(&poll) else { panic!("a valid vote") };
        assert_eq!((vote.poll.as_str(), vote.choices.len()), ("colour", 2));
    }

    #[test]
    fn voting_without_a_choice_is_refused_before_sending() {
        assert_eq!(Ballot::default().content(&poll(false)), Err(Problem::ChoiceRequired));
    }

    #[test]
    fn a_stored_ballot_is_json_and_the_earlier_lines_are_read() {
        let ballot = Ballot { choices: vec!["red".into(), "blue".into()] };
        assert_eq!(serde_json::to_string(&ballot).unwrap(), r#"["red","blue"]"#);
        assert_eq!(Ballot::from_lines("red\nblue\n"), ballot);
        assert_eq!(Ballot::from_lines(""), Ballot::default());
        assert_eq!(ballot_key("acme", "colour"), "chapeau.poll.acme.colour");
    }

    #[test]
    fn results_are_rows_in_the_polls_order_with_the_visitors_marks() {
        let poll = poll(false);
        let results: Tally = serde_json::from_str(r#"{"total":3,"counts":{"red":2,"blue":1}}"#).unwrap();
        assert_eq!(results.counts, [("red".to_string(), 2), ("blue".to_string(), 1)], "read as pairs, in order");
        let rows = result_rows(&poll, &results, &Ballot { choices: vec!["blue".into()] });
        let summary: Vec<_> = rows.iter().map(|r| (r.option.id.as_str(), r.count, r.percent, r.mine)).collect();
        assert_eq!(summary, [("red", 2, 67, false), ("green", 0, 0, false), ("blue", 1, 33, true)]);
    }

    #[test]
    fn a_poll_closes_at_its_time() {
        assert!(!is_closed(None, 1e12));
        assert!(!is_closed(Some(2000.0), 1999.0));
        assert!(is_closed(Some(2000.0), 2000.0));
        assert_eq!(stage(false, false), Stage::Voting);
        assert_eq!(stage(true, false), Stage::Results);
        assert_eq!(stage(false, true), Stage::Results, "a closed poll takes no vote");
    }

    #[test]
    fn missing_results_are_explained_honestly() {
        let en = catalog(Lang::En);
        assert_eq!(no_results_note(&en, false, true, false), Some(en.poll_results_elsewhere()), "a post backend shows none");
        assert_eq!(no_results_note(&en, true, true, false), Some(en.poll_results_after_close()));
        assert_eq!(no_results_note(&en, true, false, false), Some(en.poll_results_after_vote()));
        assert_eq!(no_results_note(&en, true, false, true), None, "closed and hidden: the closed note says it");
    }

    #[test]
    fn inline_polls_take_ids_or_make_them() {
        let plain = inline_poll("p", "Best day?", "Monday | Sunday morning ", false).unwrap();
        let ids: Vec<_> = plain.options.iter().map(|o| (o.id.as_str(), o.label.as_str())).collect();
        assert_eq!(ids, [("monday", "Monday"), ("sunday-morning", "Sunday morning")]);
        assert!(inline_poll("p", "Q?", "only", false).is_err(), "one option is no poll");
        assert!(inline_poll("p", "Q?", "a=A|a=B", false).is_err(), "ids repeat");
        assert!(inline_poll("p", "Q?", "a b=A|c=C", false).is_err(), "an id with a space");
        assert!(inline_poll("p", " ", "a|b", false).is_err(), "no question");
    }
}
