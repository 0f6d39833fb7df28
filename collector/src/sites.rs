//! The sites a collector accepts submissions for: those of the TOML sites file, and those
//! made in the inbox (kept in the database), merged into one book that every process reloads.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, RwLock};

use serde::{Deserialize, Serialize};

use crate::polls::Poll;

/// The demo configuration, used when no file is given.
pub const DEMO_SITES: &str = include_str!("../demo/sites.toml");

/// One site: a brand's website that embeds the widget.
#[derive(Debug, Clone, Deserialize, Serialize)]
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
    /// Upvotes one client network may give in the site's public Q&A within an hour, whatever
    /// visitor ids it sends; 0 for no limit.
    #[serde(default = "default_upvotes_per_network_per_hour")]
    pub upvotes_per_network_per_hour: u32,
    /// Made in the inbox (and editable there), not read from the sites file.
    #[serde(skip)]
    pub managed: bool,
}

fn default_upvotes_per_network_per_hour() -> u32 {
    crate::polls::DEFAULT_VOTES_PER_NETWORK_PER_HOUR
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SitesFile {
    #[serde(default, rename = "site")]
    sites: Vec<Site>,
}

/// Every site, by id.
#[derive(Debug, Clone, Default)]
pub struct Sites {
    by_id: HashMap<String, Arc<Site>>,
    /// Every site's origins together: a preflight for a submission, whose site is in its
    /// body, looks its origin up once rather than in each site.
    origins: HashSet<String>,
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
        for site in file.sites {
            // Point at the site's own table: its `id = "…"` line.
            let declared = format!("\"{}\"", site.id);
            let line = text.lines().position(|l| l.trim_start().starts_with("id") && l.contains(&declared));
            let at = line.map(|n| format!("line {}: ", n + 1)).unwrap_or_default();
            let site = site.checked().map_err(|e| invalid(format!("{at}{e}")))?;
            let id = site.id.clone();
            if by_id.insert(id.clone(), Arc::new(site)).is_some() {
                return Err(invalid(format!("site {id:?} is defined twice")));
            }
        }
        if by_id.is_empty() {
            return Err(invalid("no [[site]] is defined".into()));
        }
        Ok(Sites::of(by_id))
    }

    pub fn demo() -> Sites {
        Self::parse(DEMO_SITES, "the built-in demo configuration").expect("the demo sites are valid")
    }

    pub fn get(&self, id: &str) -> Option<Arc<Site>> {
        self.by_id.get(id).cloned()
    }

    /// Every site, by id.
    pub fn all(&self) -> Vec<Arc<Site>> {
        let mut sites: Vec<Arc<Site>> = self.by_id.values().cloned().collect();
        sites.sort_by(|a, b| a.id.cmp(&b.id));
        sites
    }

    /// The file's sites with those made in the inbox and their polls. A managed site or poll
    /// whose id the file already uses is left out: the file wins.
    fn merged(&self, managed_sites: Vec<Site>, managed_polls: Vec<(String, Poll)>) -> Sites {
        let mut by_id = self.by_id.clone();
        for mut site in managed_sites {
            site.managed = true;
            by_id.entry(site.id.clone()).or_insert_with(|| Arc::new(site));
        }
        for (site_id, mut poll) in managed_polls {
            poll.managed = true;
            if let Some(site) = by_id.get_mut(&site_id) {
                if site.poll(&poll.id).is_none() {
                    Arc::make_mut(site).polls.push(poll);
                }
            }
        }
        Sites::of(by_id)
    }

    fn of(by_id: HashMap<String, Arc<Site>>) -> Sites {
        let origins = by_id.values().flat_map(|site| site.origins.iter().cloned()).collect();
        Sites { by_id, origins }
    }
}

impl Site {
    pub fn poll(&self, id: &str) -> Option<&Poll> {
        self.polls.iter().find(|p| p.id == id)
    }

    pub fn allows(&self, origin: &str) -> bool {
        origin_listed(origin, |o| self.origins.iter().any(|allowed| allowed == o))
    }

    /// The site with its origins normalized, or what is wrong with it.
    pub fn checked(mut self) -> Result<Site, String> {
        if !chapeau_protocol::is_site_id(&self.id) {
            return Err(format!("site id {:?} must be 1 to 64 letters, digits, - or _", self.id));
        }
        if self.name.trim().is_empty() {
            return Err(format!("site {:?} needs a name", self.id));
        }
        for origin in &mut self.origins {
            *origin = normalize_origin(origin)
                .ok_or_else(|| format!("site {:?}: {origin:?} is not an origin like https://shop.example", self.id))?;
        }
        for (i, poll) in self.polls.iter().enumerate() {
            poll.check().map_err(|e| format!("site {:?}: {e}", self.id))?;
            if self.polls[..i].iter().any(|p| p.id == poll.id) {
                return Err(format!("site {:?}: poll {:?} is defined twice", self.id, poll.id));
            }
        }
        if let Some(webhook) = &self.webhook {
            webhook.check().map_err(|e| format!("site {:?}: {e}", self.id))?;
        }
        Ok(self)
    }
}

/// The sites in force: the file's, fixed at start, and the inbox's, reloaded from the
/// database after every change here and every few seconds (for changes made in another
/// process on the same database).
pub struct SiteBook {
    file: Sites,
    current: RwLock<Arc<Sites>>,
}

impl SiteBook {
    pub fn new(file: Sites) -> SiteBook {
        let current = RwLock::new(Arc::new(file.clone()));
        SiteBook { file, current }
    }

    fn current(&self) -> Arc<Sites> {
        self.current.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn get(&self, id: &str) -> Option<Arc<Site>> {
        self.current().get(id)
    }

    pub fn all(&self) -> Vec<Arc<Site>> {
        self.current().all()
    }

    /// Whether any site accepts this origin (for requests that do not name a site in their path).
    pub fn any_allows(&self, origin: &str) -> bool {
        let origins = &self.current().origins;
        origin_listed(origin, |o| origins.contains(o))
    }

    /// Whether `id` is a site of the sites file (which the inbox cannot change).
    pub fn in_file(&self, id: &str) -> bool {
        self.file.by_id.contains_key(id)
    }

    /// Rebuilds the book from the file and the database's managed sites and polls.
    pub async fn reload(&self, db: &crate::Db) -> Result<(), sqlx::Error> {
        let merged = self.file.merged(db.managed_sites().await?, db.managed_polls().await?);
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(merged);
        Ok(())
    }
}

/// Whether `listed` finds `origin` (allowed origins are stored normalized). What browsers send
/// is already written that way, so it is looked up as it is first, and normalized only if
/// that fails.
fn origin_listed(origin: &str, listed: impl Fn(&str) -> bool) -> bool {
    listed(origin) || normalize_origin(origin).is_some_and(|o| listed(&o))
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
        assert!(demo.poll("next-collection").is_some());
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
        assert!(err.starts_with("f: line 2: "), "{err}");
        assert!(err.contains("\"shop.example\" is not an origin"), "{err}");
        let err = Sites::parse(&site("a", "https://shop.example/path"), "f").unwrap_err();
        assert!(err.to_string().contains("not an origin"));
        let err = Sites::parse(&site("a b", "https://shop.example"), "f").unwrap_err();
        assert!(err.to_string().contains("site id \"a b\""));
        let twice = format!("{}{}", site("a", "https://a.example"), site("a", "https://a.example"));
        assert!(Sites::parse(&twice, "f").unwrap_err().to_string().contains("defined twice"));
        assert!(Sites::parse("", "f").unwrap_err().to_string().contains("no [[site]]"));
    }

    #[test]
    fn managed_sites_and_polls_never_shadow_the_file() {
        let file = Sites::demo();
        let managed = |id: &str, name: &str| Site {
            id: id.into(),
            name: name.into(),
            origins: vec!["https://new.example".into()],
            polls: vec![],
            webhook: None,
            upvotes_per_network_per_hour: 30,
            managed: false,
        };
        let mut poll = file.get("demo").unwrap().polls[0].clone();
        poll.question = "Changed in the inbox".into();
        let mut extra = poll.clone();
        extra.id = "extra".into();
        let merged = file.merged(
            vec![managed("demo", "Impostor"), managed("new", "New brand")],
            vec![("demo".into(), poll), ("demo".into(), extra), ("ghost".into(), file.get("demo").unwrap().polls[0].clone())],
        );
        let demo = merged.get("demo").unwrap();
        assert_eq!(demo.name, "Maison Chapeau (demo)");
        assert_eq!(demo.polls[0].question, "Which hat should we make next?");
        assert!(demo.poll("extra").is_some_and(|p| p.managed));
        assert!(merged.get("new").is_some_and(|s| s.managed));
        assert!(merged.get("ghost").is_none());
    }
}
