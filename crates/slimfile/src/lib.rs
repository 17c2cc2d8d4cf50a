//! slimfile: the pure core. Text in, report out.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
