//! The checks hadolint has, with its DL codes and default severities.

mod common;
mod dl3006;
mod dl3007;
mod dl3022;
mod dl3023;
mod dl3024;
mod dl3026;
mod dl3029;
mod dl3063;
mod dl3065;

use crate::lint::Rule;

pub static RULES: &[&Rule] = &[
    &dl3006::RULE,
    &dl3007::RULE,
    &dl3022::RULE,
    &dl3023::RULE,
    &dl3024::RULE,
    &dl3026::RULE,
    &dl3029::RULE,
    &dl3063::RULE,
    &dl3065::RULE,
];
