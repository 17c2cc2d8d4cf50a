//! The checks hadolint has, with its DL codes and default severities.

mod dl3007;

use crate::lint::Rule;

pub static RULES: &[&Rule] = &[&dl3007::RULE];
