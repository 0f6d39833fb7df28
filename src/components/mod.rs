//! The widget's components, one folder each with its CSS beside it.

pub mod feedback_form;
pub mod launcher;
pub mod panel;
pub mod widget;
