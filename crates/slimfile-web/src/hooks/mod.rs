//! Custom hooks: the app's side effects, each behind a small function.

mod use_autosave;
mod use_debounced;

pub use use_autosave::{use_autosave, SaveStatus};
pub use use_debounced::{debounce_ms, use_debounced};
