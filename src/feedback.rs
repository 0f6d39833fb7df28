//! The feedback form as plain data: what the visitor typed, and where the form stands.

use chapeau_protocol::{Category, Contact, Content, Feedback, Question};

use crate::delivery::Problem;

/// What the visitor has entered so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedbackDraft {
    /// 1 to 5, or none: the rating is optional.
    pub rating: Option<u8>,
    pub message: String,
}

impl FeedbackDraft {
    /// The body to send, checked with the contract's own rules so the visitor hears about a
    /// mistake before anything leaves the browser.
    pub fn content(&self) -> Result<Content, Problem> {
        let content = Content::Feedback(Feedback {
            rating: self.rating,
            category: Category::Other,
            message: self.message.trim().to_string(),
            contact: None,
        });
        content.validate().map_err(|v| Problem::from_violation(&v))?;
        Ok(content)
    }
}

/// A question and, if the visitor wants, how to reach them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuestionDraft {
    pub message: String,
    pub name: String,
    pub email: String,
    /// "You may contact me about this".
    pub consent: bool,
}

impl QuestionDraft {
    /// The body to send, checked with the contract's rules: contact details only with consent.
    pub fn content(&self) -> Result<Content, Problem> {
        let (name, email) = (self.name.trim(), self.email.trim());
        let contact = (!name.is_empty() || !email.is_empty())
            .then(|| Contact { name: name.into(), email: email.into(), consent: self.consent });
        let content = Content::Question(Question { message: self.message.trim().to_string(), contact });
        content.validate().map_err(|v| Problem::from_violation(&v))?;
        Ok(content)
    }
}

/// Where the form stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Phase {
    #[default]
    Editing,
    Sending,
    Sent,
    Failed(Problem),
}

impl Phase {
    pub fn is_sending(self) -> bool {
        self == Phase::Sending
    }

    pub fn problem(self) -> Option<Problem> {
        match self {
            Phase::Failed(problem) => Some(problem),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_or_blank_message_is_refused_before_sending() {
        for message in ["", "   \n\t"] {
            let draft = FeedbackDraft { rating: Some(4), message: message.into() };
            assert_eq!(draft.content(), Err(Problem::MessageRequired));
        }
    }

    #[test]
    fn a_message_over_the_limit_is_refused_before_sending() {
        let draft = FeedbackDraft { rating: None, message: "a".repeat(5001) };
        assert_eq!(draft.content(), Err(Problem::MessageTooLong));
    }

    #[test]
    fn a_question_carries_contact_details_only_with_consent() {
        let mut draft = QuestionDraft { message: " Do you ship to Belgium? ".into(), ..Default::default() };
        let Ok(Content::Question(q)) = draft.content() else { panic!("valid") };
        assert_eq!((q.message.as_str(), q.contact), ("Do you ship to Belgium?", None));

        draft.email = "ana@example".into();
        assert_eq!(draft.content(), Err(Problem::InvalidEmail));
        draft.email = "ana@example.com".into();
        assert_eq!(draft.content(), Err(Problem::ConsentRequired));
        draft.consent = true;
        let Ok(Content::Question(q)) = draft.content() else { panic!("valid") };
        assert_eq!(q.contact.unwrap().email, "ana@example.com");
    }

    #[test]
    fn the_message_is_sent_trimmed_with_its_rating() {
        let draft = FeedbackDraft { rating: Some(5), message: "  Love the hats \n".into() };
        let Ok(Content::Feedback(body)) = draft.content() else { panic!("valid") };
        assert_eq!(body.message, "Love the hats");
        assert_eq!(body.rating, Some(5));
        assert_eq!(body.category, Category::Other);
    }
}
