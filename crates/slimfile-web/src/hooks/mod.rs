//! Custom hooks: the app's side effects, each behind a small function.

mod use_autosave;

pub use use_autosave::{use_autosave, SaveStatus};
