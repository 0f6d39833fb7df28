//! The forms as plain data: what the visitor typed, and where a form stands.

use chapeau_protocol::{Category, Contact, Content, Feedback, Question};

use crate::delivery::Problem;

/// How the visitor may be reached, if they want to be.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactDraft {
    pub name: String,
    pub email: String,
    /// "You may contact me about this".
    pub consent: bool,
}

impl ContactDraft {
    /// The contact to send: none when both fields are empty.
    pub fn contact(&self) -> Option<Contact> {
        let (name, email) = (self.name.trim(), self.email.trim());
        (!name.is_empty() || !email.is_empty()).then(|| Contact { name: name.into(), email: email.into(), consent: self.consent })
    }
}

/// Checks a body with the contract's own rules, so the visitor hears about a mistake before
/// anything leaves the browser.
fn checked(content: Content) -> Result<Content, Problem> {
    content.validate().map_err(|v| Problem::from_violation(&v))?;
    Ok(content)
}

/// What the visitor has entered so far, in the feedback form or the question form (which has
/// no rating and no category).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    /// 1 to 5, or none: the rating is optional.
    pub rating: Option<u8>,
    /// What it is about; `other` when the visitor does not say.
    pub category: Option<Category>,
    pub message: String,
    pub contact: ContactDraft,
}

impl Draft {
    /// The draft as feedback, checked.
    pub fn feedback(&self) -> Result<Content, Problem> {
        checked(Content::Feedback(Feedback {
            rating: self.rating,
            category: self.category.unwrap_or(Category::Other),
            message: self.message.trim().to_string(),
            contact: self.contact.contact(),
        }))
    }

    /// The draft as a question, checked.
    pub fn question(&self) -> Result<Content, Problem> {
        checked(Content::Question(Question { message: self.message.trim().to_string(), contact: self.contact.contact() }))
    }

    /// A complaint: a person will follow up, so the visitor is told so and asked how to reach
    /// them, and its receipt is kept like a question's.
    pub fn is_complaint(&self) -> bool {
        self.category == Some(Category::Complaint)
    }
}

/// Where the form stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Phase {
    #[default]
    Editing,
    Sending,
    Sent,
    /// Not delivered yet, but kept in the browser's outbox, which will deliver it.
    Queued,
    Failed(Problem),
}

impl Phase {
    /// Sent, or as good as sent: the form's work is done either way.
    pub fn is_done(self) -> bool {
        matches!(self, Phase::Sent | Phase::Queued)
    }

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
    fn a_complaint_carries_its_category_and_contact() {
        let mut draft = Draft { category: Some(Category::Complaint), message: "Broken zip".into(), ..Default::default() };
        assert!(draft.is_complaint());
        draft.contact = ContactDraft { name: "Ana".into(), email: " ana@example.com ".into(), consent: true };
        let Ok(Content::Feedback(f)) = draft.feedback() else { panic!("valid") };
        assert_eq!(f.category, Category::Complaint);
        assert_eq!(f.contact.unwrap().email, "ana@example.com");
    }

    #[test]
    fn an_empty_or_blank_message_is_refused_before_sending() {
        for message in ["", "   \n\t"] {
            let draft = Draft { rating: Some(4), message: message.into(), ..Default::default() };
            assert_eq!(draft.feedback(), Err(Problem::MessageRequired));
            assert_eq!(draft.question(), Err(Problem::MessageRequired));
        }
    }

    #[test]
    fn a_message_over_the_limit_is_refused_before_sending() {
        let draft = Draft { message: "a".repeat(5001), ..Default::default() };
        assert_eq!(draft.feedback(), Err(Problem::MessageTooLong));
    }

    #[test]
    fn a_question_carries_contact_details_only_with_consent() {
        let mut draft = Draft { message: " Do you ship to Belgium? ".into(), ..Default::default() };
        let Ok(Content::Question(q)) = draft.question() else { panic!("valid") };
        assert_eq!((q.message.as_str(), q.contact), ("Do you ship to Belgium?", None));

        draft.contact.email = "ana@example".into();
        assert_eq!(draft.question(), Err(Problem::InvalidEmail));
        draft.contact.email = "ana@example.com".into();
        assert_eq!(draft.question(), Err(Problem::ConsentRequired));
        draft.contact.consent = true;
        let Ok(Content::Question(q)) = draft.question() else { panic!("valid") };
        assert_eq!(q.contact.unwrap().email, "ana@example.com");
    }

    #[test]
    fn the_message_is_sent_trimmed_with_its_rating() {
        let draft = Draft { rating: Some(5), message: "  Love the hats \n".into(), ..Default::default() };
        let Ok(Content::Feedback(body)) = draft.feedback() else { panic!("valid") };
        assert_eq!(body.message, "Love the hats");
        assert_eq!(body.rating, Some(5));
        assert_eq!(body.category, Category::Other);
    }
}
