//! Where the visitor's catalog comes from, and the page's copy of each.
//!
//! Embedded with the script tag, the widget fetches the visitor's language from beside its
//! loader (`catalogs/fr.json`), once per page, as soon as the loader has the module: usually
//! long before the visitor clicks. A visitor downloads the one language they read. In a
//! Leptos app, the `Chapeau` component has the seven compiled in, unless it is told where
//! they are served.
//!
//! A language that cannot be fetched falls back to English; without English either, the
//! widget's files are not all there, and the widget cannot show (as without its module). A
//! language that could not be had is asked for again by the next widget that needs it: the
//! first request is made at idle time, maybe long before the click, on a network that may
//! have come back since.

use std::cell::RefCell;
use std::time::Duration;

use futures::future::{FutureExt, LocalBoxFuture, Shared};

use crate::i18n::{Catalog, Lang};

/// Where a widget's texts come from.
#[derive(Debug, Clone)]
pub enum TextSource {
    /// The catalog files in this folder (a URL ending in `/`), one per language, fetched when needed.
    Served(String),
    /// The seven catalogs compiled into the module, read by this function: only a module that
    /// names it (the `Chapeau` component's, through [`TextSource::bundled`]) carries them.
    Bundled(fn(Lang) -> Option<&'static Catalog>),
}

impl TextSource {
    /// The seven catalogs, compiled in.
    pub fn bundled() -> TextSource {
        TextSource::Bundled(bundled)
    }
}

/// A catalog on its way, or there: every widget that needs it awaits the same request.
type Loading = Shared<LocalBoxFuture<'static, Option<&'static Catalog>>>;

thread_local! {
    /// Each catalog the page asked for, by its URL.
    static LOADING: RefCell<Vec<(String, Loading)>> = const { RefCell::new(Vec::new()) };
}

/// `lang`'s catalog in the files of `folder`, fetched once per page; asked for again if it
/// could not be had before.
fn served(folder: &str, lang: Lang) -> Loading {
    let url = format!("{folder}catalogs/{}.json", lang.tag());
    LOADING.with_borrow_mut(|loading| {
        if let Some((_, entry)) = loading.iter().find(|(u, _)| *u == url) {
            if entry.peek() != Some(&None) {
                return entry.clone();
            }
        }
        let entry: Loading = {
            let url = url.clone();
            async move { crate::http::catalog(&url).await.and_then(|entries| kept(lang, entries)) }.boxed_local().shared()
        };
        loading.retain(|(u, _)| *u != url);
        loading.push((url, entry.clone()));
        entry
    })
}

/// A catalog made from a file's entries, kept for the page's life: every widget shares it.
fn kept(lang: Lang, entries: Vec<(String, String)>) -> Option<&'static Catalog> {
    Some(Box::leak(Box::new(Catalog::from_entries(lang, entries)?)))
}

/// `lang`'s catalog as compiled in.
fn bundled(lang: Lang) -> Option<&'static Catalog> {
    let file = match lang {
        Lang::En => include_str!("i18n/catalogs/en.json"),
        Lang::Fr => include_str!("i18n/catalogs/fr.json"),
        Lang::Es => include_str!("i18n/catalogs/es.json"),
        Lang::De => include_str!("i18n/catalogs/de.json"),
        Lang::It => include_str!("i18n/catalogs/it.json"),
        Lang::Pt => include_str!("i18n/catalogs/pt.json"),
        Lang::Nl => include_str!("i18n/catalogs/nl.json"),
    };
    thread_local! {
        static BUNDLED: RefCell<Vec<(Lang, &'static Catalog)>> = const { RefCell::new(Vec::new()) };
    }
    if let Some(catalog) = BUNDLED.with_borrow(|b| b.iter().find(|(l, _)| *l == lang).map(|(_, c)| *c)) {
        return Some(catalog);
    }
    let catalog = kept(lang, crate::json::entries_from_str(file)?)?;
    BUNDLED.with_borrow_mut(|b| b.push((lang, catalog)));
    Some(catalog)
}

/// `lang`'s catalog from `source`.
async fn catalog(source: &TextSource, lang: Lang) -> Option<&'static Catalog> {
    match source {
        TextSource::Served(folder) => served(folder, lang).await,
        TextSource::Bundled(read) => read(lang),
    }
}

/// The catalog a widget speaking `lang` shows: `lang`'s, else English's, else none (the widget
/// cannot show; the console says why).
pub async fn for_widget(source: TextSource, lang: Lang) -> Option<&'static Catalog> {
    if let Some(catalog) = catalog(&source, lang).await {
        return Some(catalog);
    }
    if lang != Lang::En {
        web_sys::console::warn_1(&"Chapeau: the page's language could not be loaded; English instead".into());
        if let Some(english) = catalog(&source, Lang::En).await {
            return Some(english);
        }
    }
    web_sys::console::error_1(&"Chapeau: the widget's texts could not be loaded".into());
    None
}

/// Starts fetching `lang`'s catalog in a task of its own: a first call into the module costs
/// compiling on a slow phone, so each task stays short.
pub fn prefetch(source: TextSource, lang: Lang) {
    leptos::prelude::set_timeout(
        move || {
            leptos::task::spawn_local(async move {
                for_widget(source, lang).await;
            })
        },
        Duration::ZERO,
    );
}
