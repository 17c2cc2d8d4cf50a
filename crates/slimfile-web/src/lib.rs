//! placeholder, the web helper builds this
