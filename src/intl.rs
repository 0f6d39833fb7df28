//! Numbers and plural forms as the browser writes them for a language: `Intl.NumberFormat`
//! and `Intl.PluralRules` know every locale's rules, so the widget carries none of its own.

use std::cell::RefCell;

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::i18n::{Lang, Numbers};

/// A language's formatters, made once per page.
struct Formatters {
    lang: Lang,
    number: Function,
    percent: Function,
    plural: js_sys::Intl::PluralRules,
}

thread_local! {
    static FORMATTERS: RefCell<Vec<Formatters>> = const { RefCell::new(Vec::new()) };
}

fn formatters<R>(lang: Lang, read: impl FnOnce(&Formatters) -> R) -> R {
    FORMATTERS.with_borrow_mut(|all| {
        if let Some(found) = all.iter().find(|f| f.lang == lang) {
            return read(found);
        }
        let locales = Array::of1(&lang.tag().into());
        let percent_style = Object::new();
        let _ = Reflect::set(&percent_style, &"style".into(), &"percent".into());
        let made = Formatters {
            lang,
            number: js_sys::Intl::NumberFormat::new(&locales, &Object::new()).format(),
            percent: js_sys::Intl::NumberFormat::new(&locales, &percent_style).format(),
            plural: js_sys::Intl::PluralRules::new(&locales, &Object::new()),
        };
        let result = read(&made);
        all.push(made);
        result
    })
}

/// `n` formatted, or in plain digits if the browser cannot (a page that broke `Intl`).
fn call(format: &Function, n: f64, plain: u64) -> String {
    format.call1(&JsValue::NULL, &n.into()).ok().and_then(|text| text.as_string()).unwrap_or_else(|| plain.to_string())
}

/// The browser's rules for one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BrowserNumbers(pub Lang);

impl Numbers for BrowserNumbers {
    fn number(&self, n: u64) -> String {
        formatters(self.0, |f| call(&f.number, n as f64, n))
    }

    fn percent(&self, n: u64) -> String {
        formatters(self.0, |f| call(&f.percent, n as f64 / 100.0, n))
    }

    fn is_one(&self, n: u64) -> bool {
        formatters(self.0, |f| f.plural.select(n as f64) == "one")
    }
}
