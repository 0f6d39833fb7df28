//! Sending a submission, as plain logic: what a backend's answer means for the visitor, and
//! how a retry reuses its idempotency id so that nothing is ever stored twice.

use chapeau_protocol::{Content, ErrorBody, ErrorCode, Submission, Violation};

use crate::config::Meta;
use crate::i18n::{Catalog, Numbers};

/// A submission as the widget sends it: its `meta` the embed's pairs, in their order.
pub type Outgoing = Submission<Meta>;

/// Why a submission was not delivered, as the visitor needs to hear it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    MessageRequired,
    MessageTooLong,
    InvalidEmail,
    /// Contact details without the consent box ticked.
    ConsentRequired,
    /// A vote without a choice.
    ChoiceRequired,
    /// A vote that arrived after the poll closed.
    PollClosed,
    /// A vote on a poll the backend does not know (any more).
    PollUnavailable,
    /// Another rule of the contract; the visitor should check the form.
    Invalid,
    /// No answer: offline, DNS, CORS refusal, timeout.
    Network,
    /// A 5xx answer.
    Server,
    /// 429.
    RateLimited,
    /// Another 4xx: the backend will not take this submission as it is.
    Refused,
}

impl Problem {
    /// The sentence the visitor reads, in their language, its numbers written by `numbers`.
    pub fn text(self, c: &Catalog, numbers: &impl Numbers) -> String {
        let text = match self {
            Problem::MessageRequired => c.error_message_required(),
            Problem::MessageTooLong => {
                return c.fill(c.error_message_too_long(), chapeau_protocol::limits::MESSAGE_MAX_CHARS as u64, numbers)
            }
            Problem::InvalidEmail => c.error_invalid_email(),
            Problem::ConsentRequired => c.error_consent_required(),
            Problem::ChoiceRequired => c.error_choice_required(),
            Problem::PollClosed => c.error_poll_closed(),
            Problem::PollUnavailable => c.poll_unavailable(),
            Problem::Invalid => c.error_invalid(),
            Problem::Network => c.error_network(),
            Problem::Server => c.error_server(),
            Problem::RateLimited => c.error_rate_limited(),
            Problem::Refused => c.error_refused(),
        };
        text.to_string()
    }

    /// The problem's name in a `chapeau:error` event's detail.
    pub fn code(self) -> &'static str {
        match self {
            Problem::MessageRequired => "message_required",
            Problem::MessageTooLong => "message_too_long",
            Problem::InvalidEmail => "invalid_email",
            Problem::ConsentRequired => "consent_required",
            Problem::ChoiceRequired => "choice_required",
            Problem::PollClosed => "poll_closed",
            Problem::PollUnavailable => "poll_unavailable",
            Problem::Invalid => "invalid",
            Problem::Network => "network",
            Problem::Server => "server",
            Problem::RateLimited => "rate_limited",
            Problem::Refused => "refused",
        }
    }

    /// Whether the problem is about the message field, for `aria-invalid` and focus.
    pub fn is_about_message(self) -> bool {
        matches!(self, Problem::MessageRequired | Problem::MessageTooLong)
    }

    /// Whether the problem is about the contact details.
    pub fn is_about_contact(self) -> bool {
        matches!(self, Problem::InvalidEmail | Problem::ConsentRequired)
    }

    /// What a broken rule means for the visitor.
    pub fn from_violation(v: &Violation) -> Problem {
        match (v.code, v.field.as_str()) {
            (ErrorCode::Required, "body.message") => Problem::MessageRequired,
            (ErrorCode::TooLong, "body.message") => Problem::MessageTooLong,
            (ErrorCode::InvalidEmail, _) => Problem::InvalidEmail,
            (ErrorCode::ConsentRequired, _) => Problem::ConsentRequired,
            (ErrorCode::Required, "body.choices") => Problem::ChoiceRequired,
            (ErrorCode::PollClosed, _) => Problem::PollClosed,
            (ErrorCode::UnknownPoll, _) => Problem::PollUnavailable,
            _ => Problem::Invalid,
        }
    }
}

/// A backend's answer: delivered, or the problem to show.
///
/// `error` is the parsed contract error body, when the backend sent one.
pub fn outcome(status: u16, error: Option<&ErrorBody>) -> Result<(), Problem> {
    match status {
        200..=299 => Ok(()),
        // The body took too long on the way (408): the network's trouble, passing.
        408 => Err(Problem::Network),
        429 => Err(Problem::RateLimited),
        422 => Err(error.map_or(Problem::Invalid, |e| {
            Problem::from_violation(&Violation {
                code: e.error.code,
                field: e.error.field.clone().unwrap_or_default(),
                message: e.error.message.clone(),
            })
        })),
        404 if error.is_some_and(|e| e.error.code == ErrorCode::UnknownPoll) => Err(Problem::PollUnavailable),
        500..=599 => Err(Problem::Server),
        _ => Err(Problem::Refused),
    }
}

/// Remembers the last submission sent, so that sending the same content again (a retry after
/// an error) reuses its id: the backend then answers with the original receipt instead of
/// storing it twice. Other content gets a new id.
#[derive(Debug, Default)]
pub struct Attempts {
    last: Option<Outgoing>,
}

impl Attempts {
    /// The submission to send for `content`: the previous one if the content is unchanged,
    /// else a new one made by `make`.
    pub fn submission_for(
        &mut self,
        content: Content,
        make: impl FnOnce(Content) -> Outgoing,
    ) -> Outgoing {
        match &self.last {
            Some(last) if last.content == content => last.clone(),
            _ => {
                let fresh = make(content);
                self.last = Some(fresh.clone());
                fresh
            }
        }
    }

    /// After a delivery, the next content is a new submission whatever it says.
    pub fn delivered(&mut self) {
        self.last = None;
    }
}

#[cfg(test)]
mod tests {
    use chapeau_protocol::{Category, ErrorDetail, Feedback, Page};

    use super::*;
    use crate::i18n::files::{catalog, English, French};
    use crate::i18n::Lang;

    fn content(message: &str) -> Content {
        Content::Feedback(Feedback {
            rating: None,
            category: Category::Other,
            message: message.into(),
            contact: None,
        })
    }

    fn make(id: &str) -> impl FnOnce(Content) -> Outgoing + '_ {
        move |content| Outgoing {
            v: chapeau_protocol::VERSION,
            id: id.into(),
            site: "acme".into(),
            sent_at: "2026-11-23T10:00:00Z".into(),
            page: Page::default(),
            visitor: "visitor-1".into(),
            content,
            meta: Default::default(),
            trap: String::new(),
            dwell_ms: 3000,
        }
    }

    #[test]
    fn a_retry_of_the_same_content_reuses_the_id() {
        let mut attempts = Attempts::default();
        let first = attempts.submission_for(content("hello"), make("id-1"));
        let retry = attempts.submission_for(content("hello"), make("id-2"));
        assert_eq!(first.id, "id-1");
        assert_eq!(retry, first, "the very same submission is sent again");
    }

    #[test]
    fn edited_content_or_a_delivered_one_gets_a_new_id() {
        let mut attempts = Attempts::default();
        attempts.submission_for(content("hello"), make("id-1"));
        let edited = attempts.submission_for(content("hello, world"), make("id-2"));
        assert_eq!(edited.id, "id-2");
        attempts.delivered();
        let next = attempts.submission_for(content("hello, world"), make("id-3"));
        assert_eq!(next.id, "id-3");
    }

    #[test]
    fn answers_map_to_what_the_visitor_hears() {
        assert_eq!(outcome(201, None), Ok(()));
        assert_eq!(outcome(200, None), Ok(()));
        assert_eq!(outcome(204, None), Ok(()), "a post-level backend may answer 204");
        assert_eq!(outcome(429, None), Err(Problem::RateLimited));
        assert_eq!(outcome(408, None), Err(Problem::Network), "a body too slow on the way is tried again later");
        assert_eq!(outcome(503, None), Err(Problem::Server));
        assert_eq!(outcome(403, None), Err(Problem::Refused));
        assert_eq!(outcome(422, None), Err(Problem::Invalid));
        let too_long = ErrorBody {
            error: ErrorDetail {
                code: ErrorCode::TooLong,
                message: "x".into(),
                field: Some("body.message".into()),
            },
        };
        assert_eq!(outcome(422, Some(&too_long)), Err(Problem::MessageTooLong));
        let error = |code| ErrorBody { error: ErrorDetail { code, message: "x".into(), field: None } };
        assert_eq!(outcome(422, Some(&error(ErrorCode::PollClosed))), Err(Problem::PollClosed));
        assert_eq!(outcome(404, Some(&error(ErrorCode::UnknownPoll))), Err(Problem::PollUnavailable));
        assert_eq!(outcome(404, Some(&error(ErrorCode::UnknownSite))), Err(Problem::Refused));
    }

    #[test]
    fn every_problem_has_words_in_every_language() {
        let all = [Problem::MessageRequired, Problem::MessageTooLong, Problem::InvalidEmail, Problem::ConsentRequired,
            Problem::ChoiceRequired, Problem::PollClosed, Problem::PollUnavailable, Problem::Invalid,
            Problem::Network, Problem::Server, Problem::RateLimited, Problem::Refused];
        for problem in all {
            assert!(!problem.text(&catalog(Lang::En), &English).is_empty());
            assert_ne!(problem.text(&catalog(Lang::En), &English), problem.text(&catalog(Lang::Fr), &French));
        }
        assert_eq!(Problem::MessageTooLong.text(&catalog(Lang::En), &English), "Your message is too long: 5,000 characters at most.");
    }
}
