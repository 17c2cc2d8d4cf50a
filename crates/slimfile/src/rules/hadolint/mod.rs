//! The checks hadolint has, with its DL codes and default severities.

mod common;
mod dl1001;
mod dl3000;
mod dl3002;
mod dl3006;
mod dl3007;
mod dl3010;
mod dl3011;
mod dl3012;
mod dl3020;
mod dl3021;
mod dl3022;
mod dl3023;
mod dl3024;
pub(crate) mod dl3025;
mod dl3026;
mod dl3029;
mod dl3043;
mod dl3044;
mod dl3045;
mod dl3048;
mod dl3049;
mod dl3050;
mod dl3051;
mod dl3052;
mod dl3053;
mod dl3054;
mod dl3055;
mod dl3056;
mod dl3057;
mod dl3058;
mod dl3061;
mod dl3063;
mod dl3064;
mod dl3065;
mod dl3066;
mod dl3067;
mod dl4000;
mod dl4003;
mod dl4004;

use crate::lint::Rule;

pub static RULES: &[&Rule] = &[
    &dl1001::RULE,
    &dl3000::RULE,
    &dl3002::RULE,
    &dl3006::RULE,
    &dl3007::RULE,
    &dl3010::RULE,
    &dl3011::RULE,
    &dl3012::RULE,
    &dl3020::RULE,
    &dl3021::RULE,
    &dl3022::RULE,
    &dl3023::RULE,
    &dl3024::RULE,
    &dl3025::RULE,
    &dl3026::RULE,
    &dl3029::RULE,
    &dl3043::RULE,
    &dl3044::RULE,
    &dl3045::RULE,
    &dl3048::RULE,
    &dl3049::RULE,
    &dl3050::RULE,
    &dl3051::RULE,
    &dl3052::RULE,
    &dl3053::RULE,
    &dl3054::RULE,
    &dl3055::RULE,
    &dl3056::RULE,
    &dl3057::RULE,
    &dl3058::RULE,
    &dl3061::RULE,
    &dl3063::RULE,
    &dl3064::RULE,
    &dl3065::RULE,
    &dl3066::RULE,
    &dl3067::RULE,
    &dl4000::RULE,
    &dl4003::RULE,
    &dl4004::RULE,
];
