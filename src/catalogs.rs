//! The visitor's catalog, fetched once per page from beside the module (`catalogs/fr.json`)
//! as soon as the loader has the module: usually long before the visitor clicks. Every
//! language is a file of its own, English too: a visitor downloads the one they read.
//!
//! A language that cannot be fetched falls back to English; without English either, the
//! widget's files are not all there, and the widget cannot show (as without its module). A
//! language that could not be had is asked for again by the next widget that needs it: the
//! first request is made at idle time, maybe long before the click, on a network that may
//! have come back since.

use crate::prelude::*;
use crate::local::Local;
use core::cell::RefCell;

use crate::i18n::{Catalog, Lang};

/// What waits for a catalog: the catalog, or `None` when not even English could be had.
pub type Waiting = Box<dyn FnOnce(Option<&'static Catalog>)>;

/// What a page knows of one language.
enum Entry {
    /// On its way; these wait for it.
    Loading(Vec<Waiting>),
    Ready(&'static Catalog),
    /// Could not be had the last time: the next widget that needs it asks again, since it was
    /// asked for at idle time, maybe long before, and a phone's network comes back.
    Failed,
}

/// Where the widget's files are (the loader's own URL, up to its folder).
static BASE: Local<RefCell<Option<String>>> = Local::new(RefCell::new(None));
static ENTRIES: Local<RefCell<Vec<(Lang, Entry)>>> = Local::new(RefCell::new(Vec::new()));

/// A catalog made from a served catalog file: a JSON array of texts (`scripts/catalogs.mjs`).
fn parse(lang: Lang, texts: wasm_bindgen::JsValue) -> Option<Catalog> {
    Catalog::from_texts(lang, crate::dom::array(texts).iter().map(|text| text.as_string()))
}

/// Remembers where the widget's files are, and starts fetching `lang`'s catalog in a task of
/// its own (see `check`: each first call into the module costs compiling on a slow phone).
pub fn prefetch(base: Option<String>, lang: Lang) {
    if let Some(base) = base {
        BASE.set(Some(base));
    }
    crate::dom::later(0, Box::new(move || with(lang, Box::new(|_| {}))));
}

/// Calls `then` with `lang`'s catalog: at once when the page has it, else once it arrived
/// (or failed to: then English).
pub fn with(lang: Lang, then: Waiting) {
    let mut then = Some(then);
    let (ready, new) = ENTRIES.with_borrow_mut(|entries| match entries.iter_mut().find(|(l, _)| *l == lang) {
        Some((_, Entry::Ready(catalog))) => (Some(*catalog), false),
        Some((_, Entry::Loading(waiting))) => {
            waiting.extend(then.take());
            (None, false)
        }
        Some((_, entry @ Entry::Failed)) => {
            *entry = Entry::Loading(then.take().into_iter().collect());
            (None, true)
        }
        None => {
            entries.push((lang, Entry::Loading(then.take().into_iter().collect())));
            (None, true)
        }
    });
    if new {
        fetch(lang);
    }
    // Outside the borrow: `then` may ask for catalogs itself.
    if let (Some(catalog), Some(then)) = (ready, then) {
        then(Some(catalog));
    }
}

fn fetch(lang: Lang) {
    let url = BASE.with_borrow(|base| base.as_ref().map(|b| crate::text::cat(&[b, "catalogs/", lang.tag(), ".json"])));
    wasm_bindgen_futures::spawn_local(async move {
        let json = match url {
            Some(url) => crate::api::file(&url).await,
            None => None,
        };
        let catalog = json.and_then(|json| parse(lang, json)).map(|catalog| &*Box::leak(Box::new(catalog)));
        let waiting = ENTRIES.with_borrow_mut(|entries| {
            let known = catalog.map_or(Entry::Failed, Entry::Ready);
            let entry = entries.iter_mut().find(|(l, _)| *l == lang).map(|(_, e)| core::mem::replace(e, known));
            match entry {
                Some(Entry::Loading(waiting)) => waiting,
                _ => Vec::new(),
            }
        });
        match catalog {
            Some(_) => waiting.into_iter().for_each(|then| then(catalog)),
            None if lang != Lang::En => {
                web_sys::console::warn_1(&"Chapeau: the page's language could not be loaded; English instead".into());
                for then in waiting {
                    with(Lang::En, then);
                }
            }
            None => {
                web_sys::console::error_1(&"Chapeau: the widget's texts could not be loaded".into());
                waiting.into_iter().for_each(|then| then(None));
            }
        }
    });
}
