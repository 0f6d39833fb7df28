//! Every string a visitor sees, in each language the widget speaks.
//!
//! The texts live in `catalogs/{lang}.json`, one flat object of strings per language. The
//! widget downloads the visitor's language only (see `catalogs.rs`): carrying all seven
//! would cost every visitor about 8 KB brotli. It downloads them without their keys: the
//! build writes each file as an array of its texts in the order of [`KEYS`]
//! (`scripts/catalogs.mjs`). The tests below check that every catalog has every text.
//!
//! Plain logic: `cargo test` checks the catalogs natively.

use crate::prelude::*;

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

    /// A whole number as people write it in this language (CLDR): `5,000`, `5 000`, `5.000`;
    /// Spanish groups only from five digits on (`1234`, `12.345`).
    pub fn format_number(self, n: u64) -> String {
        let (separator, min_digits) = match self {
            Lang::En => (',', 4),
            Lang::Fr => ('\u{202f}', 4), // narrow no-break space
            Lang::Es => ('.', 5),
            Lang::De | Lang::It | Lang::Pt | Lang::Nl => ('.', 4),
        };
        let digits = crate::text::number(n);
        if digits.len() < min_digits {
            return digits;
        }
        let mut out = String::new();
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
        let space = match self {
            Lang::Fr => "\u{202f}",
            Lang::Es | Lang::De => "\u{a0}",
            Lang::En | Lang::It | Lang::Pt | Lang::Nl => "",
        };
        let mut out = crate::text::number(n);
        out.push_str(space);
        out.push('%');
        out
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
/// `scripts/catalogs.mjs` reads the list below for the order of the served files.
macro_rules! keys {
    ($($key:ident),* $(,)?) => {
        /// Every key a catalog has, in the order of the served catalog files.
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
    public_questions_unavailable, show_more, upvote, upvotes_one, upvotes_other,
}

/// Keys of the catalog files the widget does not read: the loader draws the launcher, with
/// its own copy of the words (a test checks they agree).
pub const LOADER_KEYS: &[&str] = &["launcher"];

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
    /// The catalog of `lang` from a served catalog file: its texts in the order of [`KEYS`].
    /// `None` unless it has exactly one text per key: a file with another count is another
    /// version's, whose texts would land in the wrong places.
    pub fn from_texts(lang: Lang, texts: impl IntoIterator<Item = Option<String>>) -> Option<Catalog> {
        let texts: Vec<String> = texts.into_iter().collect::<Option<_>>()?;
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

    /// A template with its `{n}` replaced by `n`, written the way this language writes numbers.
    pub fn fill(&self, template: &str, n: u64) -> String {
        crate::text::fill(template, "{n}", &self.lang.format_number(n))
    }

    /// The form of `plural` that `n` takes in this language, filled with `n`.
    pub fn count(&self, plural: Plural, n: u64) -> String {
        let one = [Key::votes_one, Key::voters_one, Key::upvotes_one][plural as usize] as usize;
        let form = if self.lang.is_singular(n) { one } else { one + 1 };
        self.fill(&self.texts[form], n)
    }

    /// Every text, for the checks that apply to all of them.
    pub fn texts(&self) -> &[String] {
        &self.texts[..]
    }
}

/// The catalog files, read natively for the tests.
#[cfg(test)]
pub mod files {
    use super::{Catalog, Lang};

    /// The (key, text) pairs of `lang`'s file.
    pub fn entries(lang: Lang) -> Vec<(String, String)> {
        let path = format!("{}/src/i18n/catalogs/{}.json", env!("CARGO_MANIFEST_DIR"), lang.tag());
        let text = std::fs::read_to_string(&path).unwrap();
        let object: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&text).unwrap();
        object.into_iter().map(|(k, v)| (k, v.as_str().expect("every text is a string").to_string())).collect()
    }

    /// `lang`'s texts in the order of [`KEYS`](super::KEYS), as the build serves them.
    pub fn served(lang: Lang) -> Vec<String> {
        let entries = entries(lang);
        let text = |key: &&str| entries.iter().find(|(k, _)| k == key).map(|(_, text)| text.clone());
        super::KEYS.iter().map(|key| text(key).unwrap_or_else(|| panic!("{lang:?} lacks {key}"))).collect()
    }

    /// `lang`'s catalog, as the widget reads it from the served file.
    pub fn catalog(lang: Lang) -> Catalog {
        Catalog::from_texts(lang, served(lang).into_iter().map(Some)).expect("one text per key")
    }
}

#[cfg(test)]
mod tests {
    use super::files::{catalog, entries};
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
        let fr = catalog(Lang::Fr);
        assert_eq!(fr.fill(fr.error_message_too_long(), 5000), "Votre message est un peu long : 5\u{202f}000 caractères maximum.");
    }

    #[test]
    fn every_catalog_has_every_key_and_no_other() {
        let known: Vec<&str> = KEYS.iter().chain(LOADER_KEYS).copied().collect();
        for lang in Lang::ALL {
            let keys: Vec<String> = entries(lang).into_iter().map(|(k, _)| k).collect();
            for key in &known {
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
                assert!(c.count(plural, 1).contains('1') && c.count(plural, 7).contains('7'), "{lang:?}: {plural:?}");
            }
            if lang != Lang::En {
                // Written in the language, not left in English: most strings differ.
                let same = c.texts().iter().zip(english.texts()).filter(|(a, b)| a == b).count();
                assert!(same * 10 < c.texts().len(), "{lang:?} keeps {same} English strings");
            }
        }
    }

    #[test]
    fn a_served_file_needs_one_text_per_key_in_order() {
        let texts = || files::served(Lang::Fr).into_iter().map(Some);
        let fr = Catalog::from_texts(Lang::Fr, texts()).unwrap();
        assert_eq!(fr.send(), "Envoyer");
        assert_eq!(fr.upvotes_other(), catalog(Lang::Fr).upvotes_other());
        assert_eq!(Catalog::from_texts(Lang::Fr, texts().skip(1)), None, "one text short");
        assert_eq!(Catalog::from_texts(Lang::Fr, texts().chain([Some("x".into())])), None, "one text more");
        assert_eq!(Catalog::from_texts(Lang::Fr, texts().chain([None]).skip(1)), None, "a text that is not text");
    }

    #[test]
    fn the_build_takes_the_order_of_the_keys_from_this_file() {
        // scripts/catalogs.mjs reads the `keys!` list of this file; written otherwise, it
        // would find no list, or another one.
        let source = include_str!("mod.rs");
        let list = source.split("\nkeys! {").nth(1).and_then(|rest| rest.split('}').next()).expect("a keys! list");
        let declared: Vec<&str> = list.split(',').map(str::trim).filter(|k| !k.is_empty()).collect();
        assert_eq!(declared, KEYS);
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
    fn plurals_follow_each_language() {
        let (en, fr) = (catalog(Lang::En), catalog(Lang::Fr));
        assert_eq!(en.count(Plural::Votes, 1), "1 vote");
        assert_eq!(en.count(Plural::Votes, 0), "0 votes");
        assert_eq!(en.count(Plural::Votes, 1234), "1,234 votes");
        assert_eq!(fr.count(Plural::Voters, 0), "0 personne a voté", "French: zero is singular");
        assert_eq!(fr.count(Plural::Voters, 2), "2 personnes ont voté");
        assert_eq!(fr.count(Plural::Votes, 1234), "1\u{202f}234 votes");
        assert!(Lang::Pt.is_singular(0) && !Lang::De.is_singular(0) && Lang::De.is_singular(1));
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
    fn percentages_are_written_as_each_language_writes_them() {
        assert_eq!(Lang::En.format_percent(42), "42%");
        assert_eq!(Lang::Fr.format_percent(42), "42\u{202f}%");
        assert_eq!(Lang::De.format_percent(7), "7\u{a0}%");
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
