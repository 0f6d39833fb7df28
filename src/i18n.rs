//! Every string a visitor sees, in each language the widget speaks.
//!
//! A catalog is a struct, so a language that lacks a string does not compile. Static
//! catalogs cost a few hundred bytes each, far less than an i18n framework.

/// A language the widget speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Fr,
}

/// What the embed asked for: a language, or `auto` (the page's, then the browser's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LangChoice {
    Auto,
    Fixed(Lang),
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    /// The BCP 47 tag, for the `lang` attribute of the widget's root.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// The language of a tag such as `fr-CA` or `EN`, if the widget speaks it.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|lang| lang.tag() == primary)
    }

    /// The language to speak: the embed's choice, else the page's `lang`, else the first of
    /// the browser's languages the widget speaks, else English.
    pub fn negotiate(choice: LangChoice, page: Option<&str>, browser: &[String]) -> Lang {
        match choice {
            LangChoice::Fixed(lang) => lang,
            LangChoice::Auto => page
                .and_then(Lang::from_tag)
                .or_else(|| browser.iter().find_map(|tag| Lang::from_tag(tag)))
                .unwrap_or(Lang::En),
        }
    }

    pub fn catalog(self) -> &'static Catalog {
        match self {
            Lang::En => &EN,
            Lang::Fr => &FR,
        }
    }

    /// A whole number as people write it in this language: `5,000` or `5 000`.
    pub fn format_number(self, n: u64) -> String {
        let separator = match self {
            Lang::En => ',',
            Lang::Fr => '\u{202f}', // narrow no-break space
        };
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(separator);
            }
            out.push(digit);
        }
        out
    }
}

impl LangChoice {
    pub const ALLOWED: &'static str = "\"auto\", \"en\" or \"fr\"; using \"auto\"";

    pub fn parse(value: &str) -> Option<LangChoice> {
        if value.eq_ignore_ascii_case("auto") {
            return Some(LangChoice::Auto);
        }
        // Only a bare language code: a region (`fr-CA`) is fine, anything else is a typo.
        let bare = value.len() <= 8 && value.chars().all(|c| c.is_ascii_alphabetic() || c == '-');
        bare.then(|| Lang::from_tag(value)).flatten().map(LangChoice::Fixed)
    }
}

/// The strings of one language. `{n}` stands for a number, formatted by [`Catalog::fill`].
#[derive(Debug)]
pub struct Catalog {
    pub lang: Lang,
    pub launcher: &'static str,
    pub panel_title: &'static str,
    pub close: &'static str,
    pub rating_legend: &'static str,
    /// Text alternatives of the five rating choices, 1 to 5.
    pub rating_choices: [&'static str; 5],
    pub message_label: &'static str,
    pub message_hint: &'static str,
    pub send: &'static str,
    pub sending: &'static str,
    pub sent_title: &'static str,
    pub sent_body: &'static str,
    pub send_another: &'static str,
    pub error_message_required: &'static str,
    pub error_message_too_long: &'static str,
    pub error_invalid: &'static str,
    pub error_network: &'static str,
    pub error_server: &'static str,
    pub error_rate_limited: &'static str,
    pub error_refused: &'static str,
    pub error_invalid_email: &'static str,
    pub error_consent_required: &'static str,
    pub tab_feedback: &'static str,
    pub tab_question: &'static str,
    pub question_label: &'static str,
    pub question_hint: &'static str,
    pub contact_legend: &'static str,
    pub name_label: &'static str,
    pub email_label: &'static str,
    pub consent_label: &'static str,
    pub ask: &'static str,
    pub asked_title: &'static str,
    pub asked_body: &'static str,
    pub ask_another: &'static str,
    pub my_questions: &'static str,
    pub status_received: &'static str,
    pub status_answered: &'static str,
    pub status_resolved: &'static str,
    pub team_answer: &'static str,
    pub receipts_unavailable: &'static str,
    pub answers_elsewhere: &'static str,
    pub category_legend: &'static str,
    /// Idea, bug, praise, complaint, other: in the order of `Category::ALL`.
    pub categories: [&'static str; 5],
    pub complaint_note: &'static str,
}

impl Catalog {
    /// A template with its `{n}` replaced by `n`, written the way this language writes numbers.
    pub fn fill(&self, template: &str, n: u64) -> String {
        template.replace("{n}", &self.lang.format_number(n))
    }
}

pub static EN: Catalog = Catalog {
    lang: Lang::En,
    launcher: "Feedback",
    panel_title: "Tell us what you think",
    close: "Close",
    rating_legend: "How was your visit? (optional)",
    rating_choices: [
        "1 out of 5: very poor",
        "2 out of 5: poor",
        "3 out of 5: okay",
        "4 out of 5: good",
        "5 out of 5: excellent",
    ],
    message_label: "Your message",
    message_hint: "What did you like, and what could we do better?",
    send: "Send",
    sending: "Sending…",
    sent_title: "Thank you!",
    sent_body: "Your message reached the team. We read every one.",
    send_another: "Send another message",
    error_message_required: "Please write a few words before sending.",
    error_message_too_long: "Your message is too long: {n} characters at most.",
    error_invalid: "Something in the form is not right. Please check it and send again.",
    error_network: "We couldn't reach our server. Check your connection and try again: your message is still here.",
    error_server: "Our server had a problem. Please try again in a moment: your message is still here.",
    error_rate_limited: "You've sent several messages in a short time. Please wait a minute, then try again.",
    error_refused: "Our server couldn't accept this message. Please try again later: your message is still here.",
    error_invalid_email: "This email address doesn't look right. Please check it.",
    error_consent_required: "Tick the box so that we may contact you, or leave your details empty.",
    tab_feedback: "Give feedback",
    tab_question: "Ask a question",
    question_label: "Your question",
    question_hint: "The team answers here, in this window.",
    contact_legend: "Your details (optional)",
    name_label: "Name",
    email_label: "Email",
    consent_label: "You may contact me about this",
    ask: "Send my question",
    asked_title: "Question sent!",
    asked_body: "The team will answer you here. Come back any time to read the answer.",
    ask_another: "Ask another question",
    my_questions: "Your messages",
    status_received: "Waiting for an answer",
    status_answered: "Answered",
    status_resolved: "Resolved",
    team_answer: "The team's answer",
    receipts_unavailable: "We couldn't load your questions right now. Please try again later.",
    answers_elsewhere: "This site answers its visitors by other means: answers don't show here.",
    category_legend: "What is it about? (optional)",
    categories: ["An idea", "A bug", "Praise", "A complaint", "Something else"],
    complaint_note: "We're sorry. Someone from our team will follow up with you personally: leave your email so that we can reach you.",
};

pub static FR: Catalog = Catalog {
    lang: Lang::Fr,
    launcher: "Votre avis",
    panel_title: "Dites-nous tout",
    close: "Fermer",
    rating_legend: "Comment s'est passée votre visite ? (facultatif)",
    rating_choices: [
        "1 sur 5 : très décevant",
        "2 sur 5 : décevant",
        "3 sur 5 : correct",
        "4 sur 5 : bien",
        "5 sur 5 : excellent",
    ],
    message_label: "Votre message",
    message_hint: "Ce qui vous a plu, ce qu'on pourrait faire mieux…",
    send: "Envoyer",
    sending: "Envoi en cours…",
    sent_title: "Merci !",
    sent_body: "Votre message est bien arrivé à l'équipe. Nous les lisons tous.",
    send_another: "Envoyer un autre message",
    error_message_required: "Écrivez-nous quelques mots avant d'envoyer.",
    error_message_too_long: "Votre message est un peu long : {n} caractères maximum.",
    error_invalid: "Un champ du formulaire pose problème. Vérifiez-le puis renvoyez.",
    error_network: "Impossible de joindre notre serveur. Vérifiez votre connexion et réessayez : votre message est toujours là.",
    error_server: "Notre serveur a rencontré un souci. Réessayez dans un instant : votre message est toujours là.",
    error_rate_limited: "Vous avez envoyé plusieurs messages en peu de temps. Patientez une minute, puis réessayez.",
    error_refused: "Notre serveur n'a pas pu accepter ce message. Réessayez plus tard : votre message est toujours là.",
    error_invalid_email: "Cette adresse e-mail ne semble pas valide : pouvez-vous la vérifier ?",
    error_consent_required: "Cochez la case pour que nous puissions vous recontacter, ou laissez vos coordonnées vides.",
    tab_feedback: "Donner mon avis",
    tab_question: "Poser une question",
    question_label: "Votre question",
    question_hint: "L'équipe vous répond ici, dans cette fenêtre.",
    contact_legend: "Vos coordonnées (facultatif)",
    name_label: "Nom",
    email_label: "E-mail",
    consent_label: "Vous pouvez me recontacter à ce sujet",
    ask: "Envoyer ma question",
    asked_title: "Question envoyée !",
    asked_body: "L'équipe vous répondra ici. Revenez quand vous voulez pour lire sa réponse.",
    ask_another: "Poser une autre question",
    my_questions: "Vos messages",
    status_received: "En attente de réponse",
    status_answered: "Réponse reçue",
    status_resolved: "Résolu",
    team_answer: "La réponse de l'équipe",
    receipts_unavailable: "Impossible d'afficher vos questions pour le moment. Réessayez un peu plus tard.",
    answers_elsewhere: "Ce site répond à ses visiteurs par d'autres moyens : les réponses ne s'affichent pas ici.",
    category_legend: "C'est à quel sujet ? (facultatif)",
    categories: ["Une idée", "Un bug", "Un compliment", "Une réclamation", "Autre chose"],
    complaint_note: "Nous sommes désolés. Quelqu'un de l'équipe va revenir vers vous personnellement : laissez-nous votre e-mail pour que nous puissions vous répondre.",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_follows_the_page_then_the_browser() {
        let browser = vec!["de-DE".to_string(), "fr".to_string()];
        assert_eq!(Lang::negotiate(LangChoice::Auto, Some("fr-FR"), &[]), Lang::Fr);
        assert_eq!(Lang::negotiate(LangChoice::Auto, Some("ja"), &browser), Lang::Fr);
        assert_eq!(Lang::negotiate(LangChoice::Auto, None, &[]), Lang::En);
        assert_eq!(Lang::negotiate(LangChoice::Fixed(Lang::En), Some("fr"), &browser), Lang::En);
    }

    #[test]
    fn language_choices_parse() {
        assert_eq!(LangChoice::parse("AUTO"), Some(LangChoice::Auto));
        assert_eq!(LangChoice::parse("fr"), Some(LangChoice::Fixed(Lang::Fr)));
        assert_eq!(LangChoice::parse("fr-CA"), Some(LangChoice::Fixed(Lang::Fr)));
        assert_eq!(LangChoice::parse("klingon"), None);
        assert_eq!(LangChoice::parse("fr; drop"), None);
    }

    #[test]
    fn numbers_are_written_as_each_language_writes_them() {
        assert_eq!(Lang::En.format_number(5000), "5,000");
        assert_eq!(Lang::En.format_number(999), "999");
        assert_eq!(Lang::Fr.format_number(1234), "1\u{202f}234");
        assert_eq!(Lang::Fr.format_number(1_234_567), "1\u{202f}234\u{202f}567");
        assert_eq!(FR.fill(FR.error_message_too_long, 5000), "Votre message est un peu long : 5\u{202f}000 caractères maximum.");
    }

    #[test]
    fn every_catalog_is_complete_and_really_translated() {
        for lang in Lang::ALL {
            let c = lang.catalog();
            assert_eq!(c.lang, lang);
            let texts = [c.launcher, c.panel_title, c.close, c.rating_legend, c.message_label,
                c.message_hint, c.send, c.sending, c.sent_title, c.sent_body, c.send_another,
                c.error_message_required, c.error_message_too_long, c.error_invalid,
                c.error_network, c.error_server, c.error_rate_limited, c.error_refused,
                c.error_invalid_email, c.error_consent_required, c.tab_feedback, c.tab_question,
                c.question_label, c.question_hint, c.contact_legend, c.name_label, c.email_label,
                c.consent_label, c.ask, c.asked_title, c.asked_body, c.ask_another, c.my_questions,
                c.status_received, c.status_answered, c.status_resolved, c.team_answer,
                c.receipts_unavailable, c.answers_elsewhere, c.category_legend, c.complaint_note];
            for text in texts.iter().chain(c.rating_choices.iter()).chain(c.categories.iter()) {
                assert!(!text.trim().is_empty(), "{lang:?} has an empty string");
            }
            assert!(c.error_message_too_long.contains("{n}"));
        }
        // French is written, not left in English.
        assert_ne!(EN.send, FR.send);
        assert_ne!(EN.error_network, FR.error_network);
    }

    #[test]
    fn french_punctuation_takes_its_space() {
        for text in [FR.rating_legend, FR.sent_title, FR.error_message_too_long, FR.error_network,
            FR.error_invalid_email, FR.asked_title, FR.answers_elsewhere, FR.category_legend, FR.complaint_note]
        {
            for mark in ['?', '!', ':'] {
                for (i, _) in text.match_indices(mark) {
                    assert_eq!(&text[i - 1..i], " ", "a space before {mark:?} in {text:?}");
                }
            }
        }
    }
}
