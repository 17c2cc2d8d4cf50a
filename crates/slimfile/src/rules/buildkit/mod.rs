//! Docker's own build checks (`docker build --check`), by BuildKit's names.

use crate::lint::Rule;

pub static RULES: &[&Rule] = &[];
