//! Checks on what RUN instructions run (package managers, downloads, users),
//! with hadolint's DL codes where hadolint has the check.

use crate::lint::Rule;

pub static RULES: &[&Rule] = &[];
