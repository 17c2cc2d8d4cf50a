//! slimfile: the pure core. Text in, report out.
pub mod shell;
pub mod syntax;

pub use syntax::{LineIndex, TextRange};

/// The version shown by `slimfile --version` and in the web app's header.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
