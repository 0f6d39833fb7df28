//! The visitor's catalog, fetched once per page from beside the module (`catalogs/fr.json`),
//! as soon as the loader has the module: usually long before the visitor clicks. English is
//! compiled in, and stands in for any text a download cannot bring.

use std::cell::RefCell;

use wasm_bindgen::JsCast;

use crate::i18n::{Catalog, Lang, ENGLISH};

/// What a page knows of one language.
enum Entry {
    /// On its way; these wait for it.
    Loading(Vec<Box<dyn FnOnce(&'static Catalog)>>),
    Ready(&'static Catalog),
}

thread_local! {
    /// Where the widget's files are (the loader's own URL, up to its folder).
    static BASE: RefCell<Option<String>> = const { RefCell::new(None) };
    static ENTRIES: RefCell<Vec<(Lang, Entry)>> = const { RefCell::new(Vec::new()) };
}

/// A catalog made from a catalog file's JSON object, its gaps filled from `fallback`.
fn parse(lang: Lang, object: &wasm_bindgen::JsValue, fallback: Option<&Catalog>) -> Catalog {
    let pairs = js_sys::Object::entries(object.unchecked_ref()).into_iter().filter_map(|pair| {
        let pair: js_sys::Array = pair.unchecked_into();
        Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
    });
    Catalog::from_entries(lang, pairs, fallback)
}

/// The English catalog, compiled in.
pub fn english() -> &'static Catalog {
    thread_local! {
        static EN: &'static Catalog = Box::leak(Box::new(parse(Lang::En, &js_sys::JSON::parse(ENGLISH).unwrap_or_default(), None)));
    }
    EN.with(|en| *en)
}

/// Remembers where the widget's files are, and starts fetching `lang`'s catalog.
pub fn prefetch(base: Option<String>, lang: Lang) {
    if let Some(base) = base {
        BASE.set(Some(base));
    }
    with(lang, Box::new(|_| {}));
}

/// Calls `then` with `lang`'s catalog: at once when the page has it, else once it arrived
/// (or failed to: then English).
pub fn with(lang: Lang, then: Box<dyn FnOnce(&'static Catalog)>) {
    if lang == Lang::En {
        return then(english());
    }
    let mut then = Some(then);
    let (ready, new) = ENTRIES.with_borrow_mut(|entries| match entries.iter_mut().find(|(l, _)| *l == lang) {
        Some((_, Entry::Ready(catalog))) => (Some(*catalog), false),
        Some((_, Entry::Loading(waiting))) => {
            waiting.extend(then.take());
            (None, false)
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
        then(catalog);
    }
}

fn fetch(lang: Lang) {
    let url = BASE.with_borrow(|base| base.as_ref().map(|b| crate::text::cat(&[b, "catalogs/", lang.tag(), ".json"])));
    wasm_bindgen_futures::spawn_local(async move {
        let json = match url {
            Some(url) => crate::api::file(&url).await,
            None => None,
        };
        let catalog = match json {
            Some(json) => Box::leak(Box::new(parse(lang, &json, Some(english())))),
            None => {
                web_sys::console::warn_1(&"Chapeau: the page's language could not be loaded; English instead".into());
                english()
            }
        };
        let waiting = ENTRIES.with_borrow_mut(|entries| {
            let entry = entries.iter_mut().find(|(l, _)| *l == lang).map(|(_, e)| std::mem::replace(e, Entry::Ready(catalog)));
            match entry {
                Some(Entry::Loading(waiting)) => waiting,
                _ => Vec::new(),
            }
        });
        for then in waiting {
            then(catalog);
        }
    });
}
