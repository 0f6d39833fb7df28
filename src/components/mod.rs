//! The widget's components, one folder each with its CSS beside it. Each is a function that
//! builds its elements with [`crate::dom`] and wires them to signals; what they decide lives
//! in plain modules ([`crate::feedback`], [`crate::poll`], [`crate::delivery`]…).

pub mod contact_fields;
pub mod feedback_form;
pub mod message_form;
pub mod my_questions;
pub mod panel;
pub mod poll;
pub mod public_questions;
pub mod question_form;
pub mod sender;
pub mod tabs;
pub mod widget;

use alloc::rc::Rc;

use crate::state::State;

use crate::config::WidgetConfig;
use crate::i18n::Catalog;

/// What every part of one widget shares.
#[derive(Clone)]
pub struct Ctx {
    /// The embed's configuration.
    pub config: Rc<WidgetConfig>,
    /// The strings of the visitor's language.
    pub c: &'static Catalog,
    /// The `<chapeau-widget>` element the page hears events from.
    pub host: Option<web_sys::Element>,
    /// Bumped when a question's or complaint's receipt is kept, so that "Your messages" reloads.
    pub receipts_changed: State<u32>,
}

/// Whether a part of the widget is on screen: the floating panel may be closed, its tab
/// not selected. Reading it inside a binding or an effect tracks what it depends on.
pub type Visible = Rc<dyn Fn() -> bool>;
