//! What the widget keeps in the visitor's browser (the outbox, receipts, ballots, upvotes) is
//! JSON. Earlier versions wrote lines of tab-separated fields instead: such a value is read
//! once in that format and written back as JSON, so that nothing a visitor queued or kept is
//! lost on an upgrade.
//!
//! Plain logic: the JSON decoder is given (the browser's in the widget, serde_json in tests).

/// A value read from storage.
#[derive(Debug, Clone, PartialEq)]
pub struct Read<T> {
    pub value: T,
    /// It was in the earlier line format: write it back as JSON.
    pub upgraded: bool,
}

/// Reads a stored `text`: JSON (an array or an object) through `json`, where damage gives the
/// default; any other text through `legacy`, the earlier line format. Nothing stored is the
/// default.
pub fn read<T: Default>(text: Option<&str>, json: impl FnOnce(&str) -> Option<T>, legacy: impl FnOnce(&str) -> T) -> Read<T> {
    let text = text.unwrap_or_default();
    match text.trim_start().chars().next() {
        None => Read { value: T::default(), upgraded: false },
        Some('[' | '{') => Read { value: json(text).unwrap_or_default(), upgraded: false },
        Some(_) => Read { value: legacy(text), upgraded: true },
    }
}

/// The values of the earlier versions' one-per-line format (a ballot's options, the upvoted
/// questions), blank lines aside.
pub fn lines(text: &str) -> Vec<String> {
    text.lines().filter(|line| !line.is_empty()).map(String::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(String::from).collect()
    }

    fn json(text: &str) -> Option<Vec<String>> {
        serde_json::from_str(text).ok()
    }

    #[test]
    fn json_is_read_as_json_and_lines_are_upgraded() {
        assert_eq!(read(Some(r#"["a","b"]"#), json, lines), Read { value: vec!["a".into(), "b".into()], upgraded: false });
        assert_eq!(read(Some("a\nb"), json, lines), Read { value: vec!["a".into(), "b".into()], upgraded: true });
        assert_eq!(read(None, json, lines), Read { value: Vec::new(), upgraded: false });
        assert_eq!(read(Some("[not json"), json, lines), Read { value: Vec::new(), upgraded: false }, "damaged JSON is nothing");
    }
}
