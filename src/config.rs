//! The embed's configuration, read from the loader script's `data-*` attributes.
//!
//! Pure: no DOM, so `cargo test` checks every rule natively. A missing required attribute
//! stops the widget with one clear message; a wrong optional one is reported and replaced by
//! its default, so a typo never breaks the host page.

use std::collections::BTreeMap;
use std::fmt;

use chapeau_protocol::{is_site_id, limits};

use crate::i18n::LangChoice;

/// Which kind of backend the widget talks to (see the contract's "Two levels of backend").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    /// A base URL serving every `/v1` route (the reference collector).
    Full { base: String },
    /// One URL that accepts a POST of a submission and nothing else.
    Post { url: String },
}

impl Backend {
    /// Where a submission is posted.
    pub fn submissions_url(&self) -> String {
        match self {
            Backend::Full { base } => format!("{}/v1/submissions", base.trim_end_matches('/')),
            Backend::Post { url } => url.clone(),
        }
    }
}

/// The corner of the viewport the floating launcher sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Position {
    #[default]
    BottomRight,
    BottomLeft,
}

impl Position {
    pub fn as_str(self) -> &'static str {
        match self {
            Position::BottomRight => "bottom-right",
            Position::BottomLeft => "bottom-left",
        }
    }
}

/// What the widget offers; several make tabs in one panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A rating and a message.
    Feedback,
    /// A question to the community manager, answered in the widget.
    Question,
}

impl Mode {
    const ALLOWED: &'static str = "a list of \"feedback\" and \"question\", such as \"feedback,question\"";

    fn parse(word: &str) -> Option<Mode> {
        match word {
            "feedback" => Some(Mode::Feedback),
            "question" | "questions" => Some(Mode::Question),
            _ => None,
        }
    }
}

/// Everything the widget needs to know about its embed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WidgetConfig {
    pub site: String,
    pub backend: Backend,
    pub lang: LangChoice,
    pub position: Position,
    /// Replaces the catalog's launcher label when the site owner wants their own words.
    pub launcher_label: Option<String>,
    /// `data-meta-*` attributes, passed through as the submission's `meta`.
    pub meta: BTreeMap<String, String>,
    /// What the widget offers, in tab order; never empty.
    pub modes: Vec<Mode>,
}

/// A problem with one attribute, worded for the site owner reading the console.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigIssue {
    Missing { attribute: &'static str, hint: &'static str },
    Invalid { attribute: String, value: String, allowed: &'static str },
    Unknown { attribute: String },
}

impl fmt::Display for ConfigIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigIssue::Missing { attribute, hint } => {
                write!(f, "data-{attribute} is required on the Chapeau script tag: {hint}")
            }
            ConfigIssue::Invalid { attribute, value, allowed } => {
                write!(f, "data-{attribute}=\"{value}\" is not valid: {allowed}")
            }
            ConfigIssue::Unknown { attribute } => write!(
                f,
                "data-{attribute} is not a Chapeau attribute (known: {}, data-meta-*); it is ignored",
                KNOWN.iter().map(|k| format!("data-{k}")).collect::<Vec<_>>().join(", ")
            ),
        }
    }
}

const KNOWN: [&str; 7] = ["site", "endpoint", "backend", "lang", "position", "launcher-label", "modes"];

/// The result of reading the attributes: a usable configuration with the issues to report,
/// or the issue that makes a widget impossible.
pub type Parsed = Result<(WidgetConfig, Vec<ConfigIssue>), ConfigIssue>;

impl WidgetConfig {
    /// Reads `data-*` attributes, given without their `data-` prefix (`("site", "acme")`).
    /// `endpoint` must already be absolute: the loader resolves it against the page.
    pub fn from_attributes<I, K, V>(attributes: I) -> Parsed
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let mut issues = Vec::new();
        let mut values = BTreeMap::new();
        let mut meta = BTreeMap::new();
        for (name, value) in attributes {
            let (name, value): (String, String) = (name.into(), value.into());
            if let Some(key) = name.strip_prefix("meta-") {
                meta_entry(&mut meta, &mut issues, key, value);
            } else if KNOWN.contains(&name.as_str()) {
                values.insert(name, value.trim().to_string());
            } else {
                issues.push(ConfigIssue::Unknown { attribute: name });
            }
        }
        let get = |key: &str| values.get(key).map(String::as_str).filter(|v| !v.is_empty());

        let site = get("site").ok_or(ConfigIssue::Missing {
            attribute: "site",
            hint: "the id of your site in the collector, such as data-site=\"acme\"",
        })?;
        if !is_site_id(site) {
            return Err(ConfigIssue::Invalid {
                attribute: "site".into(),
                value: site.into(),
                allowed: "1 to 64 letters, digits, - or _",
            });
        }
        let endpoint = get("endpoint").ok_or(ConfigIssue::Missing {
            attribute: "endpoint",
            hint: "the URL of your backend, such as data-endpoint=\"https://feedback.example.com\"",
        })?;
        if !(endpoint.starts_with("https://") || endpoint.starts_with("http://")) {
            return Err(ConfigIssue::Invalid {
                attribute: "endpoint".into(),
                value: endpoint.into(),
                allowed: "an http:// or https:// URL",
            });
        }
        let backend = match get("backend").unwrap_or("full") {
            "post" => Backend::Post { url: endpoint.into() },
            other => {
                if other != "full" {
                    issues.push(invalid("backend", other, "\"full\" (the collector) or \"post\" (any URL that accepts a POST); using \"full\""));
                }
                Backend::Full { base: endpoint.into() }
            }
        };
        let lang = get("lang").map_or(LangChoice::Auto, |v| {
            LangChoice::parse(v).unwrap_or_else(|| {
                issues.push(invalid("lang", v, LangChoice::ALLOWED));
                LangChoice::Auto
            })
        });
        let position = match get("position") {
            None | Some("bottom-right") => Position::BottomRight,
            Some("bottom-left") => Position::BottomLeft,
            Some(other) => {
                issues.push(invalid("position", other, "\"bottom-right\" or \"bottom-left\"; using \"bottom-right\""));
                Position::BottomRight
            }
        };
        let mut modes = Vec::new();
        for word in get("modes").unwrap_or("feedback").split([',', ' ']).filter(|w| !w.is_empty()) {
            match Mode::parse(&word.to_ascii_lowercase()) {
                Some(mode) if !modes.contains(&mode) => modes.push(mode),
                Some(_) => {}
                None => issues.push(invalid("modes", word, Mode::ALLOWED)),
            }
        }
        if modes.is_empty() {
            modes.push(Mode::Feedback);
        }
        let config = WidgetConfig {
            modes,
            site: site.into(),
            backend,
            lang,
            position,
            launcher_label: get("launcher-label").map(String::from),
            meta,
        };
        Ok((config, issues))
    }
}

fn invalid(attribute: &str, value: &str, allowed: &'static str) -> ConfigIssue {
    ConfigIssue::Invalid { attribute: attribute.into(), value: value.into(), allowed }
}

/// Keeps a `data-meta-*` entry if it fits the contract's limits for `meta`.
fn meta_entry(
    meta: &mut BTreeMap<String, String>,
    issues: &mut Vec<ConfigIssue>,
    key: &str,
    value: String,
) {
    let attribute = format!("meta-{key}");
    if key.is_empty() || key.chars().count() > limits::META_KEY_MAX_CHARS {
        issues.push(ConfigIssue::Invalid { attribute, value, allowed: "a meta name of 1 to 64 characters" });
    } else if value.chars().count() > limits::META_VALUE_MAX_CHARS {
        issues.push(ConfigIssue::Invalid { attribute, value, allowed: "a meta value of at most 500 characters" });
    } else if meta.len() >= limits::META_MAX_KEYS {
        issues.push(ConfigIssue::Invalid { attribute, value, allowed: "at most 20 data-meta-* attributes" });
    } else {
        meta.insert(key.to_string(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(attributes: &[(&str, &str)]) -> Parsed {
        WidgetConfig::from_attributes(attributes.iter().copied())
    }

    const BASE: [(&str, &str); 2] = [("site", "acme"), ("endpoint", "https://feedback.acme.example/")];

    #[test]
    fn the_minimal_embed_uses_defaults() {
        let (config, issues) = parse(&BASE).unwrap();
        assert!(issues.is_empty());
        assert_eq!(config.site, "acme");
        assert_eq!(config.backend.submissions_url(), "https://feedback.acme.example/v1/submissions");
        assert_eq!(config.lang, LangChoice::Auto);
        assert_eq!(config.position, Position::BottomRight);
        assert!(config.meta.is_empty());
        assert_eq!(config.modes, [Mode::Feedback]);
    }

    #[test]
    fn modes_are_read_in_order_and_typos_reported() {
        let (config, issues) = parse(&[BASE[0], BASE[1], ("modes", "question, Feedback question")]).unwrap();
        assert_eq!(config.modes, [Mode::Question, Mode::Feedback]);
        assert!(issues.is_empty());
        let (config, issues) = parse(&[BASE[0], BASE[1], ("modes", "quiz")]).unwrap();
        assert_eq!(config.modes, [Mode::Feedback], "nothing usable: the default");
        assert!(issues[0].to_string().starts_with("data-modes=\"quiz\" is not valid"), "{issues:?}");
    }

    #[test]
    fn a_post_backend_posts_to_its_url_as_given() {
        let (config, _) = parse(&[BASE[0], ("endpoint", "https://hooks.example/in?k=1"), ("backend", "post")]).unwrap();
        assert_eq!(config.backend.submissions_url(), "https://hooks.example/in?k=1");
    }

    #[test]
    fn missing_site_or_endpoint_stops_with_a_message_naming_it() {
        let err = parse(&[BASE[1]]).unwrap_err();
        assert!(err.to_string().starts_with("data-site is required"), "{err}");
        let err = parse(&[BASE[0]]).unwrap_err();
        assert!(err.to_string().starts_with("data-endpoint is required"), "{err}");
        let err = parse(&[BASE[0], ("endpoint", "  ")]).unwrap_err();
        assert!(err.to_string().starts_with("data-endpoint is required"), "{err}");
        let err = parse(&[("site", "a b"), BASE[1]]).unwrap_err();
        assert!(err.to_string().contains("data-site=\"a b\" is not valid"), "{err}");
        let err = parse(&[BASE[0], ("endpoint", "ftp://x")]).unwrap_err();
        assert!(err.to_string().contains("http:// or https://"), "{err}");
    }

    #[test]
    fn wrong_optional_values_fall_back_and_are_reported() {
        let (config, issues) =
            parse(&[BASE[0], BASE[1], ("lang", "klingon"), ("position", "top"), ("colour", "red")]).unwrap();
        assert_eq!(config.lang, LangChoice::Auto);
        assert_eq!(config.position, Position::BottomRight);
        let text: Vec<String> = issues.iter().map(|i| i.to_string()).collect();
        assert_eq!(text.len(), 3, "{text:?}");
        assert!(text[0].starts_with("data-colour is not a Chapeau attribute"), "{text:?}");
        assert!(text[1].starts_with("data-lang=\"klingon\" is not valid: "), "{text:?}");
        assert!(text[2].contains("\"bottom-right\" or \"bottom-left\""), "{text:?}");
    }

    #[test]
    fn meta_attributes_pass_through_within_limits() {
        let long = "v".repeat(501);
        let (config, issues) =
            parse(&[BASE[0], BASE[1], ("meta-plan", "pro"), ("meta-user-tier", "gold"), ("meta-big", &long)]).unwrap();
        assert_eq!(config.meta.len(), 2);
        assert_eq!(config.meta["plan"], "pro");
        assert_eq!(config.meta["user-tier"], "gold");
        assert_eq!(issues.len(), 1);
    }

    #[test]
    fn launcher_label_and_language_are_read() {
        let (config, _) =
            parse(&[BASE[0], BASE[1], ("launcher-label", "Votre avis"), ("lang", "fr"), ("position", "bottom-left")]).unwrap();
        assert_eq!(config.launcher_label.as_deref(), Some("Votre avis"));
        assert_eq!(config.lang, LangChoice::Fixed(crate::i18n::Lang::Fr));
        assert_eq!(config.position, Position::BottomLeft);
    }
}
