//! The sites a collector accepts submissions for, read from a TOML file.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::polls::Poll;

/// The demo configuration, used when no file is given.
pub const DEMO_SITES: &str = include_str!("../demo/sites.toml");

/// One site: a brand's website that embeds the widget.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// The id the embed names in `data-site`.
    pub id: String,
    /// A name people recognise, for the inbox.
    pub name: String,
    /// Origins (`scheme://host[:port]`) whose pages may send submissions for this site.
    pub origins: Vec<String>,
    /// The site's polls, as `[[site.poll]]` tables.
    #[serde(default, rename = "poll")]
    pub polls: Vec<Poll>,
    /// Where to notify the site's team of new submissions, as `[site.webhook]`.
    #[serde(default)]
    pub webhook: Option<crate::webhooks::Webhook>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SitesFile {
    #[serde(default, rename = "site")]
    sites: Vec<Site>,
}

/// Every configured site, by id.
#[derive(Debug, Clone, Default)]
pub struct Sites {
    by_id: HashMap<String, Site>,
}

/// A configuration mistake, worded for the person who made it.
#[derive(Debug, thiserror::Error)]
pub enum SitesError {
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{origin}: {message}")]
    Invalid { origin: String, message: String },
}

impl Sites {
    /// Reads and checks a sites file.
    pub fn load(path: &Path) -> Result<Sites, SitesError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| SitesError::Read { path: path.display().to_string(), source })?;
        Self::parse(&text, &path.display().to_string())
    }

    /// Parses and checks the TOML text of a sites file; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Sites, SitesError> {
        let invalid = |message: String| SitesError::Invalid { origin: origin.to_string(), message };
        let file: SitesFile = toml::from_str(text).map_err(|e| {
            let at = e.span().map(|span| {
                let line = text[..span.start].matches('\n').count() + 1;
                format!("line {line}: ")
            });
            invalid(format!("{}{}", at.unwrap_or_default(), e.message()))
        })?;
        let mut by_id = HashMap::new();
        for mut site in file.sites {
            if !chapeau_protocol::is_site_id(&site.id) {
                return Err(invalid(format!(
                    "site id {:?} must be 1 to 64 letters, digits, - or _",
                    site.id
                )));
            }
            for origin in &mut site.origins {
                *origin = normalize_origin(origin).ok_or_else(|| {
                    invalid(format!(
                        "site {:?}: {origin:?} is not an origin like https://shop.example",
                        site.id
                    ))
                })?;
            }
            for (i, poll) in site.polls.iter().enumerate() {
                poll.check().map_err(|e| invalid(format!("site {:?}: {e}", site.id)))?;
                if site.polls[..i].iter().any(|p| p.id == poll.id) {
                    return Err(invalid(format!("site {:?}: poll {:?} is defined twice", site.id, poll.id)));
                }
            }
            if let Some(webhook) = &site.webhook {
                webhook.check().map_err(|e| invalid(format!("site {:?}: {e}", site.id)))?;
            }
            let id = site.id.clone();
            if by_id.insert(id.clone(), site).is_some() {
                return Err(invalid(format!("site {id:?} is defined twice")));
            }
        }
        if by_id.is_empty() {
            return Err(invalid("no [[site]] is defined".into()));
        }
        Ok(Sites { by_id })
    }

    pub fn demo() -> Sites {
        Self::parse(DEMO_SITES, "the built-in demo configuration").expect("the demo sites are valid")
    }

    /// Every site, by id.
    pub fn all(&self) -> Vec<&Site> {
        let mut sites: Vec<&Site> = self.by_id.values().collect();
        sites.sort_by(|a, b| a.id.cmp(&b.id));
        sites
    }

    pub fn get(&self, id: &str) -> Option<&Site> {
        self.by_id.get(id)
    }

    /// Whether any site accepts this origin (for requests that do not name a site in their path).
    pub fn any_allows(&self, origin: &str) -> bool {
        self.by_id.values().any(|site| site.allows(origin))
    }
}

impl Site {
    pub fn poll(&self, id: &str) -> Option<&Poll> {
        self.polls.iter().find(|p| p.id == id)
    }

    pub fn allows(&self, origin: &str) -> bool {
        normalize_origin(origin).is_some_and(|o| self.origins.contains(&o))
    }
}

/// `scheme://host[:port]` in lower case without a trailing slash, or `None` if it is not one.
fn normalize_origin(origin: &str) -> Option<String> {
    let origin = origin.trim().trim_end_matches('/').to_ascii_lowercase();
    let (scheme, rest) = origin.split_once("://")?;
    let valid = matches!(scheme, "http" | "https")
        && !rest.is_empty()
        && !rest.contains(['/', '?', '#', '@', ' '])
        && rest.split(':').next().is_some_and(|host| !host.is_empty());
    valid.then_some(origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_configuration_is_valid() {
        let sites = Sites::demo();
        let demo = sites.get("demo").unwrap();
        assert!(demo.allows("http://127.0.0.1:8080"));
        assert!(demo.allows("HTTP://LOCALHOST:8080/"));
        assert!(!demo.allows("http://127.0.0.1:9999"));
        assert!(!demo.allows("null"));
    }

    #[test]
    fn mistakes_name_their_line() {
        let text = "[[site]]\nid = \"a\"\nname = \"A\"\norigins = [\"https://a.example\"]\ncolour = \"red\"\n";
        let err = Sites::parse(text, "sites.toml").unwrap_err().to_string();
        assert!(err.starts_with("sites.toml: line 5: "), "{err}");
        assert!(err.contains("colour"), "{err}");
    }

    #[test]
    fn bad_origins_and_ids_are_refused() {
        let site = |id: &str, origin: &str| {
            format!("[[site]]\nid = \"{id}\"\nname = \"A\"\norigins = [\"{origin}\"]\n")
        };
        let err = Sites::parse(&site("a", "shop.example"), "f").unwrap_err().to_string();
        assert!(err.contains("\"shop.example\" is not an origin"), "{err}");
        let err = Sites::parse(&site("a", "https://shop.example/path"), "f").unwrap_err();
        assert!(err.to_string().contains("not an origin"));
        let err = Sites::parse(&site("a b", "https://shop.example"), "f").unwrap_err();
        assert!(err.to_string().contains("site id \"a b\""));
        let twice = format!("{}{}", site("a", "https://a.example"), site("a", "https://a.example"));
        assert!(Sites::parse(&twice, "f").unwrap_err().to_string().contains("defined twice"));
        assert!(Sites::parse("", "f").unwrap_err().to_string().contains("no [[site]]"));
    }
}
