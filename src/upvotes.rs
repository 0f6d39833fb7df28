//! The public questions this visitor found helpful, kept in their browser so that the button
//! stays pressed and they count once. Plain logic: stored as a JSON array of question ids
//! (see [`crate::stored`]).

use serde::{Deserialize, Serialize};

/// The storage key of a site's upvotes.
pub fn storage_key(site: &str) -> String {
    format!("chapeau.upvoted.{site}")
}

/// The ids of the questions this visitor upvoted on one site.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Upvoted {
    pub ids: Vec<String>,
}

impl Upvoted {
    /// Reads the format of earlier versions: one id per line.
    pub fn from_lines(text: &str) -> Upvoted {
        Upvoted { ids: crate::stored::lines(text) }
    }

    pub fn has(&self, id: &str) -> bool {
        self.ids.iter().any(|i| i == id)
    }

    pub fn add(&mut self, id: &str) {
        if !self.has(id) {
            self.ids.push(id.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upvotes_are_kept_once_as_json_and_read_from_lines() {
        let mut upvoted = Upvoted::from_lines("q-1\nq-2\n");
        upvoted.add("q-2");
        upvoted.add("q-3");
        assert_eq!(serde_json::to_string(&upvoted).unwrap(), r#"["q-1","q-2","q-3"]"#);
        assert!(upvoted.has("q-1") && !upvoted.has("q-4"));
        assert_eq!(storage_key("acme"), "chapeau.upvoted.acme");
    }
}
