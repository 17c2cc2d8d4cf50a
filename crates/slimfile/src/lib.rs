//! slimfile: the pure core. Text in, report out.
//!
//! No IO, no DOM, no wasm-bindgen: the CLI and the web app are thin shells
//! over this crate, so both always give the same answer. Every position is a
//! byte range ([`TextRange`]) into the analysed text.

pub mod analysis;
pub mod ast;
pub mod diagnostic;
pub mod diff;
pub mod dockerignore;
pub mod dump;
pub mod estimate;
pub mod expand;
pub mod fix;
pub mod fixer;
pub mod highlight;
pub mod lint;
pub mod numfmt;
pub mod optimize;
pub mod parser;
pub mod rules;
pub mod semantic;
pub mod shell;
pub mod sizedata;
pub mod sort;
pub mod syntax;

pub use analysis::{analyze, FileKind, Finding, Input, Report};
pub use ast::{Args, Dockerfile, Instruction, Keyword};
pub use diagnostic::{Cost, Diagnostic, Severity};
pub use fixer::{fix_all, FixMode, FixOutcome};
pub use parser::{decode, parse, parse_bytes};
pub use semantic::Semantic;
pub use syntax::{LineIndex, TextRange};

/// The version shown by `slimfile --version` and in the web app's header.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
