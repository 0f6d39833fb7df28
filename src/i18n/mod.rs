//! Every string a visitor sees, in each language the widget speaks.
//!
//! A catalog is a struct, so a language that lacks a string does not compile. Static
//! catalogs cost a few hundred bytes each, far less than an i18n framework.

mod de;
mod en;
mod es;
mod fr;
mod it;
mod nl;
mod pt;

pub use de::DE;
pub use en::EN;
pub use es::ES;
pub use fr::FR;
pub use it::IT;
pub use nl::NL;
pub use pt::PT;

/// A language the widget speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Fr,
    Es,
    De,
    It,
    Pt,
    Nl,
}

/// What the embed asked for: a language, or `auto` (the page's, then the browser's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LangChoice {
    Auto,
    Fixed(Lang),
}

impl Lang {
    pub const ALL: [Lang; 7] = [Lang::En, Lang::Fr, Lang::Es, Lang::De, Lang::It, Lang::Pt, Lang::Nl];

    /// The BCP 47 tag, for the `lang` attribute of the widget's root.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Es => "es",
            Lang::De => "de",
            Lang::It => "it",
            Lang::Pt => "pt",
            Lang::Nl => "nl",
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
            Lang::Es => &ES,
            Lang::De => &DE,
            Lang::It => &IT,
            Lang::Pt => &PT,
            Lang::Nl => &NL,
        }
    }

    /// A whole number as people write it in this language (CLDR): `5,000`, `5 000`, `5.000`;
    /// Spanish groups only from five digits on (`1234`, `12.345`).
    pub fn format_number(self, n: u64) -> String {
        let (separator, min_digits) = match self {
            Lang::En => (',', 4),
            Lang::Fr => ('\u{202f}', 4), // narrow no-break space
            Lang::Es => ('.', 5),
            Lang::De | Lang::It | Lang::Pt | Lang::Nl => ('.', 4),
        };
        let digits = n.to_string();
        if digits.len() < min_digits {
            return digits;
        }
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(separator);
            }
            out.push(digit);
        }
        out
    }

    /// A whole percentage: `42%`, or `42 %` where a space comes before the sign.
    pub fn format_percent(self, n: u64) -> String {
        match self {
            Lang::Fr => format!("{n}\u{202f}%"),
            Lang::Es | Lang::De => format!("{n}\u{a0}%"),
            Lang::En | Lang::It | Lang::Pt | Lang::Nl => format!("{n}%"),
        }
    }

    /// Whether `n` takes the singular (CLDR's "one"): French and Portuguese say
    /// "0 vote", the others "0 votes".
    pub fn is_singular(self, n: u64) -> bool {
        match self {
            Lang::Fr | Lang::Pt => n <= 1,
            _ => n == 1,
        }
    }
}

impl LangChoice {
    pub const ALLOWED: &'static str =
        "\"auto\" or one of \"en\", \"fr\", \"es\", \"de\", \"it\", \"pt\", \"nl\"; using \"auto\"";

    pub fn parse(value: &str) -> Option<LangChoice> {
        if value.eq_ignore_ascii_case("auto") {
            return Some(LangChoice::Auto);
        }
        // Only a bare language code: a region (`fr-CA`) is fine, anything else is a typo.
        let bare = value.len() <= 8 && value.chars().all(|c| c.is_ascii_alphabetic() || c == '-');
        bare.then(|| Lang::from_tag(value)).flatten().map(LangChoice::Fixed)
    }
}

/// A text that depends on a count, each form with `{n}` where the number goes.
#[derive(Debug)]
pub struct Plural {
    pub one: &'static str,
    pub other: &'static str,
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
    /// A submission kept in the browser's outbox until the backend can be reached.
    pub queued_title: &'static str,
    pub queued_body: &'static str,
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
    pub tab_poll: &'static str,
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
    /// Under a multiple-choice poll's question.
    pub poll_several: &'static str,
    pub vote: &'static str,
    pub voting: &'static str,
    pub change_vote: &'static str,
    pub poll_thanks: &'static str,
    /// One option's count in the results.
    pub votes: Plural,
    /// How many people took part, under the results.
    pub voters: Plural,
    /// The marker beside the options the visitor chose, for screen readers and sighted alike.
    pub your_choice: &'static str,
    /// Under an open poll with a closing time; `{date}` is the day, as the language writes it.
    pub poll_open_until: &'static str,
    pub poll_closed: &'static str,
    pub poll_results_after_vote: &'static str,
    pub poll_results_after_close: &'static str,
    /// After a vote sent to a backend that shows no results.
    pub poll_results_elsewhere: &'static str,
    pub poll_loading: &'static str,
    pub poll_unavailable: &'static str,
    pub poll_load_failed: &'static str,
    pub try_again: &'static str,
    pub error_choice_required: &'static str,
    pub error_poll_closed: &'static str,
    pub public_questions: &'static str,
    pub public_questions_empty: &'static str,
    pub public_questions_unavailable: &'static str,
    pub show_more: &'static str,
    /// The upvote button's name; its count is read with it.
    pub upvote: &'static str,
    pub upvotes: Plural,
}

impl Catalog {
    /// A template with its `{n}` replaced by `n`, written the way this language writes numbers.
    pub fn fill(&self, template: &str, n: u64) -> String {
        template.replace("{n}", &self.lang.format_number(n))
    }

    /// The form of `plural` that `n` takes in this language, filled with `n`.
    pub fn count(&self, plural: &Plural, n: u64) -> String {
        self.fill(if self.lang.is_singular(n) { plural.one } else { plural.other }, n)
    }

    /// Every string of the catalog, for the checks that apply to all of them.
    pub fn texts(&self) -> Vec<&'static str> {
        let mut texts = vec![
            self.launcher, self.panel_title, self.close, self.rating_legend, self.message_label,
            self.message_hint, self.send, self.sending, self.sent_title, self.sent_body,
            self.queued_title, self.queued_body,
            self.send_another, self.error_message_required, self.error_message_too_long,
            self.error_invalid, self.error_network, self.error_server, self.error_rate_limited,
            self.error_refused, self.error_invalid_email, self.error_consent_required,
            self.tab_feedback, self.tab_question, self.tab_poll, self.question_label,
            self.question_hint, self.contact_legend, self.name_label, self.email_label,
            self.consent_label, self.ask, self.asked_title, self.asked_body, self.ask_another,
            self.my_questions, self.status_received, self.status_answered, self.status_resolved,
            self.team_answer, self.receipts_unavailable, self.answers_elsewhere,
            self.category_legend, self.complaint_note, self.poll_several, self.vote, self.voting,
            self.change_vote, self.poll_thanks, self.your_choice, self.poll_open_until, self.poll_closed,
            self.poll_results_after_vote, self.poll_results_after_close,
            self.poll_results_elsewhere, self.poll_loading, self.poll_unavailable,
            self.poll_load_failed, self.try_again, self.error_choice_required,
            self.error_poll_closed, self.public_questions, self.public_questions_empty,
            self.public_questions_unavailable, self.show_more, self.upvote,
        ];
        texts.extend(self.rating_choices);
        texts.extend(self.categories);
        for plural in [&self.votes, &self.voters, &self.upvotes] {
            texts.extend([plural.one, plural.other]);
        }
        texts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_follows_the_page_then_the_browser() {
        let browser = vec!["ja-JP".to_string(), "fr".to_string()];
        assert_eq!(Lang::negotiate(LangChoice::Auto, Some("fr-FR"), &[]), Lang::Fr);
        assert_eq!(Lang::negotiate(LangChoice::Auto, Some("zh"), &browser), Lang::Fr);
        assert_eq!(Lang::negotiate(LangChoice::Auto, None, &[]), Lang::En);
        assert_eq!(Lang::negotiate(LangChoice::Auto, Some("de-AT"), &browser), Lang::De);
        assert_eq!(Lang::negotiate(LangChoice::Auto, None, &["pt-BR".into()]), Lang::Pt);
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
        assert_eq!(Lang::De.format_number(1234), "1.234");
        assert_eq!(Lang::Es.format_number(1234), "1234", "Spanish groups from five digits");
        assert_eq!(Lang::Es.format_number(12345), "12.345");
        assert_eq!(FR.fill(FR.error_message_too_long, 5000), "Votre message est un peu long : 5\u{202f}000 caractères maximum.");
    }

    #[test]
    fn every_catalog_is_complete_and_really_translated() {
        for lang in Lang::ALL {
            let c = lang.catalog();
            assert_eq!(c.lang, lang);
            for text in c.texts() {
                assert!(!text.trim().is_empty(), "{lang:?} has an empty string");
            }
            assert!(c.error_message_too_long.contains("{n}"));
            assert!(c.poll_open_until.contains("{date}"));
            for plural in [&c.votes, &c.voters, &c.upvotes] {
                assert!(plural.one.contains("{n}") && plural.other.contains("{n}"), "{lang:?}: {plural:?}");
            }
            if lang != Lang::En {
                // Written in the language, not left in English: most strings differ.
                let same = c.texts().iter().zip(EN.texts()).filter(|(a, b)| *a == b).count();
                assert!(same * 10 < c.texts().len(), "{lang:?} keeps {same} English strings");
            }
        }
    }

    #[test]
    fn the_loader_draws_the_launcher_with_each_catalogs_words() {
        // The launcher exists before the widget loads: the loader keeps its label per language.
        let loader = include_str!("../../loader/embed.js");
        for lang in Lang::ALL {
            let entry = format!("{}: \"{}\"", lang.tag(), lang.catalog().launcher);
            assert!(loader.contains(&entry), "loader/embed.js lacks {entry}");
        }
    }

    #[test]
    fn plurals_follow_each_language() {
        assert_eq!(EN.count(&EN.votes, 1), "1 vote");
        assert_eq!(EN.count(&EN.votes, 0), "0 votes");
        assert_eq!(EN.count(&EN.votes, 1234), "1,234 votes");
        assert_eq!(FR.count(&FR.voters, 0), "0 personne a voté", "French: zero is singular");
        assert_eq!(FR.count(&FR.voters, 2), "2 personnes ont voté");
        assert_eq!(FR.count(&FR.votes, 1234), "1\u{202f}234 votes");
        assert!(Lang::Pt.is_singular(0) && !Lang::De.is_singular(0) && Lang::De.is_singular(1));
    }

    #[test]
    fn percentages_are_written_as_each_language_writes_them() {
        assert_eq!(Lang::En.format_percent(42), "42%");
        assert_eq!(Lang::Fr.format_percent(42), "42\u{202f}%");
        assert_eq!(Lang::De.format_percent(7), "7\u{a0}%");
    }

    #[test]
    fn french_punctuation_takes_its_space() {
        for text in FR.texts() {
            for mark in ['?', '!', ':'] {
                for (i, _) in text.match_indices(mark) {
                    assert_eq!(&text[i - 1..i], " ", "a space before {mark:?} in {text:?}");
                }
            }
        }
    }
}
