//! The embed's configuration, read from the loader script's `data-*` attributes.
//!
//! Pure: no DOM, so `cargo test` checks every rule natively. A missing required attribute
//! stops the widget with one clear message; a wrong optional one is reported and replaced by
//! its default, so a typo never breaks the host page.

use chapeau_protocol::{char_len, is_site_id, limits};

use crate::i18n::LangChoice;
use crate::poll::Poll;

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

    /// The base URL of the reads (polls, receipts, the public Q&A): none for a post-level
    /// backend, which serves nothing to read.
    pub fn read_base(&self) -> Option<&str> {
        match self {
            Backend::Full { base } => Some(base),
            Backend::Post { .. } => None,
        }
    }
}

/// Which of the contract's two levels of backend `data-endpoint` is (`data-backend`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BackendKind {
    /// The reference collector, or a backend serving every `/v1` route.
    #[default]
    Full,
    /// Any URL that accepts a POST of a submission.
    Post,
}

impl BackendKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BackendKind::Full => "full",
            BackendKind::Post => "post",
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
    /// A poll: vote, then see the results.
    Poll,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Feedback => "feedback",
            Mode::Question => "question",
            Mode::Poll => "poll",
        }
    }

    const ALLOWED: &'static str =
        "a list of \"feedback\", \"question\" and \"poll\", such as \"feedback,question\"";

    fn parse(word: &str) -> Option<Mode> {
        match word {
            "feedback" => Some(Mode::Feedback),
            "question" | "questions" => Some(Mode::Question),
            "poll" => Some(Mode::Poll),
            _ => None,
        }
    }
}

/// Where the poll's question and options come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PollSource {
    /// Defined in the collector, read by id.
    Remote { id: String },
    /// Defined in the embed, for a backend that only accepts posts.
    Inline(Poll),
}

impl PollSource {
    pub fn id(&self) -> &str {
        match self {
            PollSource::Remote { id } => id,
            PollSource::Inline(poll) => &poll.id,
        }
    }
}

/// Where the widget sits on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Placement {
    /// A launcher in a corner that opens a panel.
    #[default]
    Floating,
    /// Inside an element of the page (`data-container`), always open; it never takes focus.
    Inline,
}

/// How the rating's five choices look; either way each has a text alternative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RatingStyle {
    #[default]
    Stars,
    Emoji,
}

impl RatingStyle {
    pub fn as_str(self) -> &'static str {
        match self {
            RatingStyle::Stars => "stars",
            RatingStyle::Emoji => "emoji",
        }
    }
}

/// The floating launcher's icon, beside its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LauncherIcon {
    #[default]
    Chat,
    Heart,
    Star,
    /// The label alone.
    None,
}

impl LauncherIcon {
    pub fn as_str(self) -> &'static str {
        match self {
            LauncherIcon::Chat => "chat",
            LauncherIcon::Heart => "heart",
            LauncherIcon::Star => "star",
            LauncherIcon::None => "none",
        }
    }

    /// The icon's SVG path (a 24×24 view box), the same as the loader draws.
    pub fn path(self) -> Option<&'static str> {
        match self {
            LauncherIcon::Chat => Some("M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"),
            LauncherIcon::Heart => Some("M12 21s-8-5.3-8-11a4.5 4.5 0 0 1 8-2.8A4.5 4.5 0 0 1 20 10c0 5.7-8 11-8 11z"),
            LauncherIcon::Star => Some("M12 2l3 6.6 7.2.8-5.4 4.9 1.5 7.1L12 17.8 5.7 21.4l1.5-7.1L1.8 9.4 9 8.6z"),
            LauncherIcon::None => None,
        }
    }
}

/// The light or dark look, or the visitor's system preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Light,
    Dark,
    Auto,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
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
    /// `data-meta-*` attributes, passed through as the submission's `meta`.
    pub meta: Meta,
    /// What the widget offers, in tab order; never empty.
    pub modes: Vec<Mode>,
    /// The poll, when the modes include one.
    pub poll: Option<PollSource>,
    /// Whether the question mode lists the answered questions the manager made public.
    pub public_questions: bool,
    pub placement: Placement,
    pub rating: RatingStyle,
    pub theme: Theme,
    /// The floating launcher's words, when the embed chose them (else the catalog's).
    pub launcher_label: Option<String>,
    pub launcher_icon: LauncherIcon,
}

/// The `data-meta-*` pairs, in the embed's order; sent as the submission's `meta` object.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta(pub Vec<(String, String)>);

impl serde::Serialize for Meta {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// A problem with one attribute, worded for the site owner reading the console.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigIssue(pub String);

impl std::fmt::Display for ConfigIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn missing(attribute: &str, hint: &str) -> ConfigIssue {
    ConfigIssue(format!("data-{attribute} is required on the Chapeau script tag: {hint}"))
}

fn invalid(attribute: &str, value: &str, allowed: &str) -> ConfigIssue {
    ConfigIssue(format!("data-{attribute}=\"{value}\" is not valid: {allowed}"))
}

/// The attributes the widget reads (besides `meta-*`).
pub const KNOWN: [&str; 16] = [
    "site", "endpoint", "backend", "lang", "position", "launcher-label", "launcher-icon", "modes",
    "poll", "poll-question", "poll-options", "poll-multiple", "public-questions", "container",
    "rating", "theme",
];

/// The result of reading the attributes: a usable configuration with the issues to report,
/// or the issue that makes a widget impossible.
pub type Parsed = Result<(WidgetConfig, Vec<ConfigIssue>), ConfigIssue>;

/// The values of the known attributes, trimmed, in the order of [`KNOWN`].
struct Values([Option<String>; KNOWN.len()]);

impl Values {
    /// The value of `name`, unless absent or blank.
    fn get(&self, name: &str) -> Option<&str> {
        let i = KNOWN.iter().position(|k| *k == name)?;
        self.0[i].as_deref().filter(|v| !v.is_empty())
    }
}

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
        let mut values = Values(Default::default());
        let mut meta = Vec::new();
        for (name, value) in attributes {
            let (name, value): (String, String) = (name.into(), value.into());
            if let Some(key) = name.strip_prefix("meta-") {
                meta_entry(&mut meta, &mut issues, key, value);
            } else if let Some(i) = KNOWN.iter().position(|k| *k == name) {
                values.0[i] = Some(value.trim().to_string());
            } else {
                let mut text = format!("data-{name} is not a Chapeau attribute (known: ");
                for known in KNOWN {
                    text.push_str("data-");
                    text.push_str(known);
                    text.push_str(", ");
                }
                text.push_str("data-meta-*); it is ignored");
                issues.push(ConfigIssue(text));
            }
        }
        let get = |key: &str| values.get(key);

        let site = get("site").ok_or_else(|| missing("site", "the id of your site in the collector, such as data-site=\"acme\""))?;
        if !is_site_id(site) {
            return Err(invalid("site", site, "1 to 64 letters, digits, - or _"));
        }
        let endpoint = get("endpoint")
            .ok_or_else(|| missing("endpoint", "the URL of your backend, such as data-endpoint=\"https://feedback.example.com\""))?;
        if !(endpoint.starts_with("https://") || endpoint.starts_with("http://")) {
            return Err(invalid("endpoint", endpoint, "an http:// or https:// URL"));
        }
        let post = choice(get("backend"), "backend", &["full", "post"], "\"full\" (the collector) or \"post\" (any URL that accepts a POST); using \"full\"", &mut issues) == 1;
        let backend = if post { Backend::Post { url: endpoint.into() } } else { Backend::Full { base: endpoint.into() } };
        let lang = get("lang").map_or(LangChoice::Auto, |v| {
            LangChoice::parse(v).unwrap_or_else(|| {
                issues.push(invalid("lang", v, LangChoice::ALLOWED));
                LangChoice::Auto
            })
        });
        let position = [Position::BottomRight, Position::BottomLeft]
            [choice(get("position"), "position", &["bottom-right", "bottom-left"], "\"bottom-right\" or \"bottom-left\"; using \"bottom-right\"", &mut issues)];
        let poll = poll_source(&get, &backend, &mut issues);
        let modes = modes(get("modes"), poll.is_some(), &mut issues);
        let public_questions = flag(get("public-questions"), "public-questions", &mut issues)
            && (!post || {
                issues.push(invalid("public-questions", "true", "only with a full backend: a post-level one cannot list answers"));
                false
            });
        let rating = [RatingStyle::Stars, RatingStyle::Emoji][choice(get("rating"), "rating", &["stars", "emoji"], "", &mut issues)];
        let theme = [Theme::Light, Theme::Dark, Theme::Auto][choice(get("theme"), "theme", &["light", "dark", "auto"], "", &mut issues)];
        let icons = [LauncherIcon::Chat, LauncherIcon::Heart, LauncherIcon::Star, LauncherIcon::None];
        let launcher_icon = icons[choice(get("launcher-icon"), "launcher-icon", &icons.map(LauncherIcon::as_str), "", &mut issues)];
        let config = WidgetConfig {
            poll: poll.filter(|_| modes.contains(&Mode::Poll)),
            modes,
            public_questions,
            placement: if get("container").is_some() { Placement::Inline } else { Placement::Floating },
            rating,
            theme,
            site: site.into(),
            backend,
            lang,
            position,
            meta: Meta(meta),
            launcher_label: get("launcher-label").map(String::from),
            launcher_icon,
        };
        Ok((config, issues))
    }
}

/// The modes in the embed's order: `data-modes`, else the poll alone when there is one, else
/// feedback. A poll without a usable definition is left out.
fn modes(words: Option<&str>, has_poll: bool, issues: &mut Vec<ConfigIssue>) -> Vec<Mode> {
    let default = if has_poll { "poll" } else { "feedback" };
    let mut modes = Vec::new();
    for word in words.unwrap_or(default).split([',', ' ']).filter(|w| !w.is_empty()) {
        match Mode::parse(&word.to_ascii_lowercase()) {
            Some(Mode::Poll) if !has_poll => issues.push(missing("poll", "the poll mode needs the id of a poll, such as data-poll=\"launch-colour\"")),
            Some(mode) if !modes.contains(&mode) => modes.push(mode),
            Some(_) => {}
            None => issues.push(invalid("modes", word, Mode::ALLOWED)),
        }
    }
    if modes.is_empty() {
        modes.push(Mode::Feedback);
    }
    modes
}

/// The poll of `data-poll`: the collector's, or for a post-level backend the one that
/// `data-poll-question` and `data-poll-options` define.
fn poll_source<'a>(get: &impl Fn(&str) -> Option<&'a str>, backend: &Backend, issues: &mut Vec<ConfigIssue>) -> Option<PollSource> {
    let id = get("poll")?;
    if !is_site_id(id) {
        issues.push(invalid("poll", id, "a poll id of 1 to 64 letters, digits, - or _"));
        return None;
    }
    let multiple = flag(get("poll-multiple"), "poll-multiple", issues);
    match (backend, get("poll-options")) {
        (Backend::Full { .. }, defined) => {
            if defined.is_some() || get("poll-question").is_some() {
                issues.push(invalid("poll-options", defined.unwrap_or(""), "only with data-backend=\"post\": the collector defines the poll; its definition is used"));
            }
            Some(PollSource::Remote { id: id.into() })
        }
        (Backend::Post { .. }, None) => {
            issues.push(missing(
                "poll-options",
                "a post-level backend serves no poll: define it with data-poll-question and data-poll-options=\"yes=Yes|no=No\"",
            ));
            None
        }
        (Backend::Post { .. }, Some(options)) => match crate::poll::inline_poll(id, get("poll-question").unwrap_or(""), options, multiple) {
            Ok(poll) => Some(PollSource::Inline(poll)),
            Err(allowed) => {
                issues.push(invalid("poll-options", options, allowed));
                None
            }
        },
    }
}

/// A yes/no attribute: absent is no.
fn flag(value: Option<&str>, attribute: &str, issues: &mut Vec<ConfigIssue>) -> bool {
    match value {
        None | Some("false") | Some("no") => false,
        Some("true") | Some("yes") | Some("") => true,
        Some(other) => {
            issues.push(invalid(attribute, other, "\"true\" or \"false\"; using \"false\""));
            false
        }
    }
}

/// Which of a few `words` the value is (any case), or the first one (the default) with an
/// issue that says `allowed`, or when that is empty names the words.
fn choice(value: Option<&str>, attribute: &str, words: &[&str], allowed: &str, issues: &mut Vec<ConfigIssue>) -> usize {
    let Some(value) = value else { return 0 };
    if let Some(i) = words.iter().position(|word| value.eq_ignore_ascii_case(word)) {
        return i;
    }
    let mut text = format!("data-{attribute}=\"{value}\" is not valid: ");
    if allowed.is_empty() {
        text.push_str("one of ");
        for (i, word) in words.iter().enumerate() {
            text.push_str(if i == 0 { "\"" } else { ", \"" });
            text.push_str(word);
            text.push('"');
        }
        text.push_str("; using \"");
        text.push_str(words[0]);
        text.push('"');
    } else {
        text.push_str(allowed);
    }
    issues.push(ConfigIssue(text));
    0
}

/// Keeps a `data-meta-*` entry if it fits the contract's limits for `meta`.
fn meta_entry(meta: &mut Vec<(String, String)>, issues: &mut Vec<ConfigIssue>, key: &str, value: String) {
    let attribute = format!("meta-{key}");
    let problem = if key.is_empty() || char_len(key) > limits::META_KEY_MAX_CHARS {
        "a meta name of 1 to 64 characters"
    } else if char_len(&value) > limits::META_VALUE_MAX_CHARS {
        "a meta value of at most 500 characters"
    } else if meta.len() >= limits::META_MAX_KEYS && !meta.iter().any(|(k, _)| k == key) {
        "at most 20 data-meta-* attributes"
    } else {
        meta.retain(|(k, _)| k != key);
        meta.push((key.to_string(), value));
        return;
    };
    issues.push(invalid(&attribute, &value, problem));
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
        assert!(config.meta.0.is_empty());
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
        assert_eq!(config.meta.0.len(), 2);
        assert_eq!(config.meta.0, [("plan".to_string(), "pro".to_string()), ("user-tier".to_string(), "gold".to_string())]);
        assert_eq!(issues.len(), 1);
    }

    #[test]
    fn the_language_and_the_corner_are_read() {
        let (config, _) =
            parse(&[BASE[0], BASE[1], ("launcher-label", "Votre avis"), ("lang", "fr"), ("position", "bottom-left")]).unwrap();
        assert_eq!(config.lang, LangChoice::Fixed(crate::i18n::Lang::Fr));
        assert_eq!(config.position, Position::BottomLeft);
    }

    #[test]
    fn a_poll_id_alone_makes_a_poll_widget_read_from_the_collector() {
        let (config, issues) = parse(&[BASE[0], BASE[1], ("poll", "launch-colour")]).unwrap();
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(config.modes, [Mode::Poll]);
        assert_eq!(config.poll, Some(PollSource::Remote { id: "launch-colour".into() }));
    }

    #[test]
    fn a_post_backend_takes_its_poll_from_the_embed() {
        let post = [BASE[0], ("endpoint", "https://hooks.example/in"), ("backend", "post"), ("poll", "day")];
        let mut attributes = post.to_vec();
        attributes.extend([("poll-question", "Best day?"), ("poll-options", "mon=Monday|sun=Sunday"), ("poll-multiple", "true")]);
        let (config, issues) = parse(&attributes).unwrap();
        assert!(issues.is_empty(), "{issues:?}");
        let Some(PollSource::Inline(poll)) = config.poll else { panic!("an inline poll") };
        assert_eq!((poll.question.as_str(), poll.options.len(), poll.multiple), ("Best day?", 2, true));

        let (config, issues) = parse(&post).unwrap();
        assert_eq!(config.poll, None);
        assert_eq!(config.modes, [Mode::Feedback], "no poll to show: the default mode");
        assert!(issues[0].to_string().starts_with("data-poll-options is required"), "{issues:?}");
    }

    #[test]
    fn the_poll_mode_without_a_poll_is_reported() {
        let (config, issues) = parse(&[BASE[0], BASE[1], ("modes", "feedback,poll")]).unwrap();
        assert_eq!(config.modes, [Mode::Feedback]);
        assert!(issues[0].to_string().starts_with("data-poll is required"), "{issues:?}");
    }

    #[test]
    fn look_and_placement_are_read_and_typos_name_the_choices() {
        let (config, issues) = parse(&[BASE[0], BASE[1], ("theme", "Dark"), ("rating", "emoji"), ("launcher-icon", "heart"),
            ("container", "#poll-slot"), ("public-questions", "true")]).unwrap();
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!((config.theme, config.rating), (Theme::Dark, RatingStyle::Emoji));
        assert_eq!(config.placement, Placement::Inline);
        assert!(config.public_questions);

        let (config, issues) = parse(&[BASE[0], BASE[1], ("theme", "blue")]).unwrap();
        assert_eq!(config.theme, Theme::Light);
        assert_eq!(issues[0].to_string(), "data-theme=\"blue\" is not valid: one of \"light\", \"dark\", \"auto\"; using \"light\"");
    }

    #[test]
    fn public_questions_need_a_full_backend() {
        let (config, issues) =
            parse(&[BASE[0], BASE[1], ("backend", "post"), ("public-questions", "true")]).unwrap();
        assert!(!config.public_questions);
        assert!(issues[0].to_string().contains("only with a full backend"), "{issues:?}");
    }
}
