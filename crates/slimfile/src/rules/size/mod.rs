//! Image-size checks no other tool has.

use crate::lint::Rule;

pub static RULES: &[&Rule] = &[];
