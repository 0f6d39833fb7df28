//! Every string a visitor sees, in each language the widget speaks.
//!
//! The texts live in `catalogs/{lang}.json`, one flat object of strings per language, served
//! as they are: the embedded widget downloads the visitor's language only (see
//! `catalogs.rs`). The tests below check that every catalog has every text.
//!
//! How numbers are written and which plural form a count takes are the browser's to say
//! (`Intl.NumberFormat` and `Intl.PluralRules`, in `src/intl.rs`): a catalog is given them as
//! [`Numbers`] where it fills a count in.
//!
//! Plain logic: `cargo test` checks the catalogs natively.

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

    /// The BCP 47 tag, for the `lang` attribute of the widget's root and the catalog's file.
    pub fn tag(self) -> &'static str {
        ["en", "fr", "es", "de", "it", "pt", "nl"][self as usize]
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
}

/// How a language writes numbers and which plural form a count takes. In the widget, the
/// browser knows every locale's rules (`src/intl.rs`); tests give fixed ones.
pub trait Numbers {
    /// A whole number as the language writes it: `5,000`, `5 000`, `5.000`.
    fn number(&self, n: u64) -> String;
    /// A whole percentage: `42%`, `42 %`.
    fn percent(&self, n: u64) -> String;
    /// Whether `n` takes the form CLDR calls "one" (French says "0 vote", English "0 votes").
    fn is_one(&self, n: u64) -> bool;
}

impl LangChoice {
    pub const ALLOWED: &'static str = "\"auto\" or one of \"en\", \"fr\", \"es\", \"de\", \"it\", \"pt\", \"nl\"; using \"auto\"";

    pub fn parse(value: &str) -> Option<LangChoice> {
        if value.eq_ignore_ascii_case("auto") {
            return Some(LangChoice::Auto);
        }
        // Only a bare language code: a region (`fr-CA`) is fine, anything else is a typo.
        let bare = value.len() <= 8 && value.chars().all(|c| c.is_ascii_alphabetic() || c == '-');
        bare.then(|| Lang::from_tag(value)).flatten().map(LangChoice::Fixed)
    }
}

/// Declares the catalogs' keys: an accessor on [`Catalog`] for each, and [`KEYS`] in order.
macro_rules! keys {
    ($($key:ident),* $(,)?) => {
        /// Every key a catalog has.
        pub const KEYS: &[&str] = &[$(stringify!($key)),*];

        /// How many texts a catalog has.
        const COUNT: usize = [$(stringify!($key)),*].len();

        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[derive(Clone, Copy)]
        enum Key { $($key),* }

        impl Catalog {
            $(
                #[inline]
                pub fn $key(&self) -> &str {
                    &self.texts[Key::$key as usize]
                }
            )*
        }
    };
}

keys! {
    panel_title, close, rating_legend, rating_1, rating_2, rating_3, rating_4, rating_5,
    message_label, message_hint, send, sending, sent_title, sent_body, queued_title, queued_body,
    send_another, error_message_required, error_message_too_long, error_invalid, error_network,
    error_server, error_rate_limited, error_refused, error_invalid_email, error_consent_required,
    tab_feedback, tab_question, tab_poll, question_label, question_hint, contact_legend,
    name_label, email_label, consent_label, ask, asked_title, asked_body, ask_another,
    my_questions, status_received, status_answered, status_resolved, team_answer,
    receipts_unavailable, answers_elsewhere, category_legend, category_idea, category_bug,
    category_praise, category_complaint, category_other, complaint_note, poll_several, vote,
    voting, change_vote, poll_thanks, votes_one, votes_other, voters_one, voters_other,
    your_choice, poll_open_until, poll_closed, poll_results_after_vote, poll_results_after_close,
    poll_results_elsewhere, poll_loading, poll_unavailable, poll_load_failed, try_again,
    error_choice_required, error_poll_closed, public_questions, public_questions_empty,
    public_questions_unavailable, show_more, upvote, upvotes_one, upvotes_other, error_fault,
    launcher,
}

/// A text that depends on a count, each form with `{n}` where the number goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plural {
    /// One option's count in the results.
    Votes,
    /// How many people took part, under the results.
    Voters,
    /// How many people found a public answer helpful.
    Upvotes,
}

/// The strings of one language. `{n}` stands for a number, formatted by [`Catalog::fill`];
/// `{date}` in `poll_open_until` for a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    pub lang: Lang,
    texts: Box<[String; COUNT]>,
}

impl Catalog {
    /// The catalog of `lang` from a catalog file's entries. `None` unless it has a text for
    /// every key: a file of another version would show holes. Keys nothing reads are ignored.
    pub fn from_entries(lang: Lang, entries: Vec<(String, String)>) -> Option<Catalog> {
        let text = |key: &&str| entries.iter().find(|(k, _)| k == key).map(|(_, text)| text.clone());
        let texts: Vec<String> = KEYS.iter().map(text).collect::<Option<_>>()?;
        Some(Catalog { lang, texts: texts.into_boxed_slice().try_into().ok()? })
    }

    /// The text alternative of rating `n`, 1 to 5.
    pub fn rating(&self, n: u8) -> &str {
        &self.texts[Key::rating_1 as usize + usize::from(n.clamp(1, 5)) - 1]
    }

    /// The label of the `i`-th category, in the order of `Category::ALL`.
    pub fn category(&self, i: usize) -> &str {
        &self.texts[Key::category_idea as usize + i.min(4)]
    }

    /// A template with its `{n}` replaced by `n`, written as `numbers` write it.
    pub fn fill(&self, template: &str, n: u64, numbers: &impl Numbers) -> String {
        template.replace("{n}", &numbers.number(n))
    }

    /// The form of `plural` that `n` takes by `numbers`' rules, filled with `n`.
    pub fn count(&self, plural: Plural, n: u64, numbers: &impl Numbers) -> String {
        let one = [Key::votes_one, Key::voters_one, Key::upvotes_one][plural as usize] as usize;
        let form = if numbers.is_one(n) { one } else { one + 1 };
        self.fill(&self.texts[form], n, numbers)
    }

    /// Every text, for the checks that apply to all of them.
    pub fn texts(&self) -> &[String] {
        &self.texts[..]
    }
}

/// The catalog files, read natively for the tests, and the number rules of two languages as
/// the browser gives them.
#[cfg(test)]
pub mod files {
    use super::{Catalog, Lang, Numbers};

    /// English's rules, as `Intl` gives them: `1,234`, singular for 1 alone.
    pub struct English;

    impl Numbers for English {
        fn number(&self, n: u64) -> String {
            grouped(n, ",")
        }
        fn percent(&self, n: u64) -> String {
            format!("{n}%")
        }
        fn is_one(&self, n: u64) -> bool {
            n == 1
        }
    }

    /// French's rules, as `Intl` gives them: `1 234` (a narrow no-break space), singular for 0 and 1.
    pub struct French;

    impl Numbers for French {
        fn number(&self, n: u64) -> String {
            grouped(n, "\u{202f}")
        }
        fn percent(&self, n: u64) -> String {
            format!("{n}\u{202f}%")
        }
        fn is_one(&self, n: u64) -> bool {
            n <= 1
        }
    }

    fn grouped(n: u64, separator: &str) -> String {
        let digits = n.to_string();
        let mut out = String::new();
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(separator);
            }
            out.push(digit);
        }
        out
    }

    /// The (key, text) pairs of `lang`'s file.
    pub fn entries(lang: Lang) -> Vec<(String, String)> {
        let path = format!("{}/src/i18n/catalogs/{}.json", env!("CARGO_MANIFEST_DIR"), lang.tag());
        let text = std::fs::read_to_string(&path).unwrap();
        let object: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&text).unwrap();
        object.into_iter().map(|(k, v)| (k, v.as_str().expect("every text is a string").to_string())).collect()
    }

    /// `lang`'s catalog, as the widget reads its file.
    pub fn catalog(lang: Lang) -> Catalog {
        Catalog::from_entries(lang, entries(lang)).expect("a text for every key")
    }
}

#[cfg(test)]
mod tests {
    use super::files::{catalog, entries, English, French};
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
    fn a_count_is_written_by_the_rules_given() {
        let fr = catalog(Lang::Fr);
        assert_eq!(fr.fill(fr.error_message_too_long(), 5000, &French), "Votre message est un peu long : 5\u{202f}000 caractères maximum.");
    }

    #[test]
    fn every_catalog_has_every_key_and_no_other() {
        let known = KEYS;
        for lang in Lang::ALL {
            let keys: Vec<String> = entries(lang).into_iter().map(|(k, _)| k).collect();
            for key in known {
                assert!(keys.iter().any(|k| k == key), "{lang:?} lacks {key}");
            }
            for key in &keys {
                assert!(known.contains(&key.as_str()), "{lang:?} has {key}, which nothing reads");
            }
        }
    }

    #[test]
    fn every_catalog_is_really_translated() {
        let english = catalog(Lang::En);
        for lang in Lang::ALL {
            let c = catalog(lang);
            for (key, text) in KEYS.iter().zip(c.texts()) {
                assert!(!text.trim().is_empty(), "{lang:?} has an empty {key}");
            }
            assert!(c.error_message_too_long().contains("{n}"));
            assert!(c.poll_open_until().contains("{date}"));
            for plural in [Plural::Votes, Plural::Voters, Plural::Upvotes] {
                assert!(c.count(plural, 1, &English).contains('1') && c.count(plural, 7, &English).contains('7'), "{lang:?}: {plural:?}");
            }
            if lang != Lang::En {
                // Written in the language, not left in English: most strings differ.
                let same = c.texts().iter().zip(english.texts()).filter(|(a, b)| a == b).count();
                assert!(same * 10 < c.texts().len(), "{lang:?} keeps {same} English strings");
            }
        }
    }

    #[test]
    fn a_file_needs_a_text_for_every_key() {
        let file = || entries(Lang::Fr);
        let fr = Catalog::from_entries(Lang::Fr, file()).unwrap();
        assert_eq!(fr.send(), "Envoyer");
        let mut short = file();
        short.retain(|(key, _)| key != "send");
        assert_eq!(Catalog::from_entries(Lang::Fr, short), None, "one text short");
        let mut more = file();
        more.push(("from_a_later_version".into(), "x".into()));
        assert_eq!(Catalog::from_entries(Lang::Fr, more), Some(fr), "a key nothing reads is ignored");
    }

    #[test]
    fn the_loader_draws_the_launcher_with_each_catalogs_words() {
        // The launcher exists before the widget loads: the loader keeps its label per language.
        let loader = include_str!("../../loader/embed.js");
        for lang in Lang::ALL {
            let label = entries(lang).into_iter().find(|(k, _)| k == "launcher").unwrap().1;
            let entry = format!("{}: \"{}\"", lang.tag(), label);
            assert!(loader.contains(&entry), "loader/embed.js lacks {entry}");
        }
    }

    #[test]
    fn the_plural_form_is_the_one_the_rules_choose() {
        let (en, fr) = (catalog(Lang::En), catalog(Lang::Fr));
        assert_eq!(en.count(Plural::Votes, 1, &English), "1 vote");
        assert_eq!(en.count(Plural::Votes, 0, &English), "0 votes");
        assert_eq!(en.count(Plural::Votes, 1234, &English), "1,234 votes");
        assert_eq!(fr.count(Plural::Voters, 0, &French), "0 personne a voté", "French: zero is singular");
        assert_eq!(fr.count(Plural::Voters, 2, &French), "2 personnes ont voté");
        assert_eq!(fr.count(Plural::Upvotes, 1, &French), fr.upvotes_one().replace("{n}", "1"));
    }

    #[test]
    fn ratings_and_categories_are_found_by_number() {
        let en = catalog(Lang::En);
        assert_eq!(en.rating(1), "1 out of 5: very poor");
        assert_eq!(en.rating(5), "5 out of 5: excellent");
        assert_eq!(en.category(0), "An idea");
        assert_eq!(en.category(4), "Something else");
    }

    #[test]
    fn french_punctuation_takes_its_space() {
        for text in catalog(Lang::Fr).texts() {
            for mark in ['?', '!', ':'] {
                for (i, _) in text.match_indices(mark) {
                    assert_eq!(&text[i - 1..i], " ", "a space before {mark:?} in {text:?}");
                }
            }
        }
    }
}
