//! The widget's components, one folder each with its CSS beside it. Each is a Leptos
//! `#[component]` that wires signals to plain logic ([`crate::forms`], [`crate::poll`],
//! [`crate::delivery`]…), which decides.

pub mod chapeau;
pub mod contact_fields;
pub mod feedback_form;
pub mod launcher;
pub mod message_form;
pub mod my_questions;
pub mod panel;
pub mod poll;
pub mod public_questions;
pub mod question_form;
pub mod sender;
pub mod tabs;
pub mod widget;

use std::sync::Arc;

use leptos::prelude::*;

use crate::config::WidgetConfig;
use crate::events::Events;
use crate::i18n::Catalog;
use crate::intl::BrowserNumbers;

/// What every part of one widget shares, given as context by [`widget::Widget`].
#[derive(Clone)]
pub struct WidgetContext {
    /// The embed's configuration.
    pub config: Arc<WidgetConfig>,
    /// The strings of the visitor's language.
    pub c: &'static Catalog,
    /// How that language writes numbers and chooses plural forms.
    pub numbers: BrowserNumbers,
    /// Where the page hears what happens.
    pub events: Events,
    /// Notified when a question's or complaint's receipt is kept, so that "Your messages" reloads.
    pub receipts_changed: Trigger,
}

/// The widget's context, in any of its components.
pub fn use_widget() -> WidgetContext {
    expect_context::<WidgetContext>()
}

/// Whether a part of the widget is on screen: the floating panel may be closed, its tab not
/// selected. Reading it tracks what it depends on.
pub type Visible = Signal<bool>;
