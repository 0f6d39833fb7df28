//! The widget's components, one folder each with its CSS beside it.

pub mod contact_fields;
pub mod feedback_form;
pub mod my_questions;
pub mod panel;
pub mod poll;
pub mod public_questions;
pub mod question_form;
pub mod sender;
pub mod tabs;
pub mod widget;
