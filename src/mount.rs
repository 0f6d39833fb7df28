//! Drawing a widget into a shadow root, with Leptos' own `mount_to`: the embed's loader makes
//! the root and the `Chapeau` component makes its own; both draw the same widget here.

use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyViewState;
use wasm_bindgen::JsCast;

use crate::catalogs::TextSource;
use crate::components::launcher::{answer_clicks, follow_the_panel};
use crate::components::widget::{LauncherSource, Widget};
use crate::components::WidgetContext;
use crate::config::WidgetConfig;
use crate::events::{ChapeauEvent, Events, Opener};
use crate::i18n::{Catalog, Lang};
use crate::intl::BrowserNumbers;

/// What a widget is drawn from.
pub struct DrawOptions {
    /// The embed's configuration.
    pub config: WidgetConfig,
    /// Where its texts come from.
    pub texts: TextSource,
    /// The launcher of a floating widget.
    pub launcher: Option<LauncherSource>,
    /// The element the page hears events from: the shadow root's host.
    pub host: Option<web_sys::Element>,
    /// A Leptos app's callback for the same events.
    pub on_event: Option<Callback<ChapeauEvent>>,
}

/// A widget drawn in a shadow root; dropping it removes it.
pub struct Drawn {
    /// The element in the shadow root the widget is drawn in: Leptos mounts into an element.
    container: web_sys::HtmlElement,
    _view: leptos::mount::UnmountHandle<AnyViewState>,
    /// Opens and closes the floating panel: the embed's JS API does (the `Chapeau` component
    /// leaves it to the visitor).
    #[cfg_attr(not(feature = "embed"), allow(dead_code))]
    pub opener: Opener,
}

/// The language to speak: the embed's choice, else the page's, else the browser's.
pub fn language(config: &WidgetConfig) -> Lang {
    Lang::negotiate(config.lang, crate::browser::page_lang().as_deref(), &crate::browser::browser_languages())
}

/// Draws the widget `options` describe into `root`, with its stylesheet. The widget shows
/// as soon as the visitor's language is there (at once, when it was fetched earlier);
/// `on_texts` then receives it. Without any texts, the page hears `chapeau:error` with
/// `problem: "load"`, and nothing is drawn.
pub fn draw(root: &web_sys::ShadowRoot, options: DrawOptions, on_texts: impl Fn(&'static Catalog) + 'static) -> Result<Drawn, &'static str> {
    crate::style::adopt(root).map_err(|_| "Chapeau: the widget's styles could not be applied")?;
    let DrawOptions { config, texts, launcher, host, on_event } = options;
    let opener = std::rc::Rc::new(std::cell::Cell::new(None));
    let document = root.owner_document().ok_or("Chapeau: the widget has no document")?;
    let container: web_sys::HtmlElement = document.create_element("div").map_err(|_| "Chapeau: cannot create elements")?.unchecked_into();
    root.append_child(&container).map_err(|_| "Chapeau: cannot attach the widget")?;
    let view = mount_to(container.clone(), {
        let opener = opener.clone();
        move || {
            let events = Events::new(host, on_event);
            let open = Opener::new(events);
            opener.set(Some(open));
            if let Some(LauncherSource::Loader(button)) = &launcher {
                answer_clicks(button, open);
                let button = button.clone();
                follow_the_panel(open, move || Some((*button).clone()));
            }
            let lang = language(&config);
            let load = Action::new_local(move |_: &()| crate::catalogs::for_widget(texts.clone(), lang));
            load.dispatch_local(());
            let catalog = load.value();
            Effect::new(move || {
                if catalog.get() == Some(None) {
                    events.emit(ChapeauEvent::Error { problem: "load", submission: None });
                }
            });
            let config = std::sync::Arc::new(config);
            let on_texts = send_wrapper::SendWrapper::new(on_texts);
            let receipts_changed = Trigger::new();
            (move || {
                let c = catalog.get().flatten()?;
                on_texts(c);
                let context = WidgetContext { config: config.clone(), c, numbers: BrowserNumbers(c.lang), events, receipts_changed };
                Some(view! { <Widget context opener=open launcher=launcher.clone() /> })
            })
            .into_any()
        }
    });
    Ok(Drawn { container, _view: view, opener: opener.get().ok_or("Chapeau: the widget could not be drawn")? })
}

impl Drop for Drawn {
    fn drop(&mut self) {
        self.container.remove();
    }
}
