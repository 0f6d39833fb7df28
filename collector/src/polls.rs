//! A poll as a site defines it, and its rules: who may vote, when results show.

use chapeau_protocol::{ErrorCode, PollOption, PollResults, PollView, Violation};
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// When a poll's results show to visitors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResultsRule {
    /// To everyone, at any time.
    Always,
    /// To a visitor once they have voted (and to everyone once the poll is closed).
    #[default]
    AfterVote,
    /// Only once the poll is closed.
    AfterClose,
}

/// A poll, as written in the sites file (or made in the inbox).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Poll {
    pub id: String,
    pub question: String,
    pub options: Vec<PollOption>,
    #[serde(default)]
    pub multiple: bool,
    /// RFC 3339, such as `2026-12-31T23:00:00Z`.
    #[serde(default)]
    pub closes_at: Option<String>,
    #[serde(default)]
    pub results: ResultsRule,
    /// Votes one client network (an IPv4 address, an IPv6 /64) may cast in this poll within
    /// an hour, whatever visitor ids it sends: [`DEFAULT_VOTES_PER_NETWORK_PER_HOUR`] unless
    /// set; 0 for no limit.
    #[serde(default = "default_votes_per_network_per_hour")]
    pub votes_per_network_per_hour: u32,
    /// Made in the inbox (and editable there), not read from the sites file.
    #[serde(skip)]
    pub managed: bool,
}

/// Votes a network may cast in a poll within an hour, unless the poll says otherwise: enough
/// for a household or a small office, far too few to move a poll's results.
pub const DEFAULT_VOTES_PER_NETWORK_PER_HOUR: u32 = 30;

fn default_votes_per_network_per_hour() -> u32 {
    DEFAULT_VOTES_PER_NETWORK_PER_HOUR
}

impl Poll {
    /// Checks what a sites file cannot express: ids, options, the closing time.
    pub fn check(&self) -> Result<(), String> {
        if !chapeau_protocol::is_site_id(&self.id) {
            return Err(format!("poll id {:?} must be 1 to 64 letters, digits, - or _", self.id));
        }
        if self.question.trim().is_empty() {
            return Err(format!("poll {:?} has no question", self.id));
        }
        if self.options.len() < 2 {
            return Err(format!("poll {:?} needs at least two options", self.id));
        }
        for (i, option) in self.options.iter().enumerate() {
            if !chapeau_protocol::is_site_id(&option.id) {
                return Err(format!("poll {:?}: option id {:?} must be 1 to 64 letters, digits, - or _", self.id, option.id));
            }
            if self.options[..i].iter().any(|o| o.id == option.id) {
                return Err(format!("poll {:?}: option {:?} is defined twice", self.id, option.id));
            }
        }
        if let Some(at) = &self.closes_at {
            OffsetDateTime::parse(at, &Rfc3339).map_err(|_| {
                format!("poll {:?}: closes_at {at:?} is not an RFC 3339 date-time like 2026-12-31T23:00:00Z", self.id)
            })?;
        }
        Ok(())
    }

    pub fn is_closed(&self, now: OffsetDateTime) -> bool {
        self.closes_at
            .as_deref()
            .and_then(|at| OffsetDateTime::parse(at, &Rfc3339).ok())
            .is_some_and(|closes| now >= closes)
    }

    /// Whether a vote with these choices may be counted now.
    pub fn check_vote(&self, choices: &[String], now: OffsetDateTime) -> Result<(), Violation> {
        if self.is_closed(now) {
            return Err(violation(ErrorCode::PollClosed, "body.poll", "this poll is closed"));
        }
        if !self.multiple && choices.len() > 1 {
            return Err(violation(ErrorCode::TooMany, "body.choices", "this poll takes one choice"));
        }
        for (i, choice) in choices.iter().enumerate() {
            if !self.options.iter().any(|o| &o.id == choice) {
                return Err(violation(
                    ErrorCode::OutOfRange,
                    &format!("body.choices.{i}"),
                    &format!("{choice:?} is not an option of this poll"),
                ));
            }
        }
        Ok(())
    }

    /// Whether results show to a visitor who has (or has not) voted.
    pub fn results_visible(&self, now: OffsetDateTime, has_voted: bool) -> bool {
        match self.results {
            ResultsRule::Always => true,
            ResultsRule::AfterVote => has_voted || self.is_closed(now),
            ResultsRule::AfterClose => self.is_closed(now),
        }
    }

    /// What the widget is shown.
    pub fn view(&self, results: Option<PollResults>) -> PollView {
        PollView {
            id: self.id.clone(),
            question: self.question.clone(),
            options: self.options.clone(),
            multiple: self.multiple,
            closes_at: self.closes_at.clone(),
            results,
        }
    }
}

fn violation(code: ErrorCode, field: &str, message: &str) -> Violation {
    Violation { code, field: field.into(), message: message.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn poll(multiple: bool, closes_at: Option<&str>, results: ResultsRule) -> Poll {
        Poll {
            id: "next".into(),
            question: "What next?".into(),
            options: ["a", "b", "c"].map(|id| PollOption { id: id.into(), label: id.to_uppercase() }).to_vec(),
            multiple,
            closes_at: closes_at.map(String::from),
            results,
            votes_per_network_per_hour: DEFAULT_VOTES_PER_NETWORK_PER_HOUR,
            managed: false,
        }
    }

    fn at(text: &str) -> OffsetDateTime {
        OffsetDateTime::parse(text, &Rfc3339).unwrap()
    }

    const BEFORE: &str = "2026-11-01T00:00:00Z";
    const CLOSE: &str = "2026-12-01T00:00:00Z";
    const AFTER: &str = "2026-12-02T00:00:00Z";

    fn choices(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn votes_follow_the_poll() {
        let single = poll(false, Some(CLOSE), ResultsRule::Always);
        assert!(single.check_vote(&choices(&["a"]), at(BEFORE)).is_ok());
        assert_eq!(single.check_vote(&choices(&["a", "b"]), at(BEFORE)).unwrap_err().code, ErrorCode::TooMany);
        let unknown = poll(true, None, ResultsRule::Always).check_vote(&choices(&["a", "z"]), at(BEFORE)).unwrap_err();
        assert_eq!((unknown.code, unknown.field.as_str()), (ErrorCode::OutOfRange, "body.choices.1"));
        assert_eq!(single.check_vote(&choices(&["a"]), at(AFTER)).unwrap_err().code, ErrorCode::PollClosed);
        assert_eq!(single.check_vote(&choices(&["a"]), at(CLOSE)).unwrap_err().code, ErrorCode::PollClosed);
        let multiple = poll(true, None, ResultsRule::Always);
        assert!(multiple.check_vote(&choices(&["a", "c"]), at(AFTER)).is_ok(), "no closing time, never closed");
    }

    #[test]
    fn results_show_by_rule() {
        let after_vote = poll(false, Some(CLOSE), ResultsRule::AfterVote);
        assert!(!after_vote.results_visible(at(BEFORE), false));
        assert!(after_vote.results_visible(at(BEFORE), true));
        assert!(after_vote.results_visible(at(AFTER), false));
        let after_close = poll(false, Some(CLOSE), ResultsRule::AfterClose);
        assert!(!after_close.results_visible(at(BEFORE), true));
        assert!(after_close.results_visible(at(AFTER), false));
        assert!(poll(false, None, ResultsRule::Always).results_visible(at(BEFORE), false));
    }

    #[test]
    fn mistakes_in_a_poll_are_named() {
        let mut p = poll(false, Some("next week"), ResultsRule::Always);
        assert!(p.check().unwrap_err().contains("closes_at \"next week\""));
        p.closes_at = None;
        p.options.truncate(1);
        assert!(p.check().unwrap_err().contains("at least two options"));
        let mut twice = poll(false, None, ResultsRule::Always);
        twice.options[1].id = "a".into();
        assert!(twice.check().unwrap_err().contains("option \"a\" is defined twice"));
    }
}
