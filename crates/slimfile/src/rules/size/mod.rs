//! Image-size checks no other tool has (codes `SF1xxx`): binnacle/Parfum's
//! space rules that hadolint lacks, and the size checks of the lint-rules map
//! (§9) that no tool implements. Only what reaches the final image counts;
//! cache and tmpfs mounts satisfy cache rules.

mod util;

mod sf1001;
mod sf1002;
mod sf1003;
mod sf1004;
mod sf1005;
mod sf1006;
mod sf1007;
mod sf1008;
pub(crate) mod sf1009;
mod sf1010;
mod sf1011;
mod sf1012;
mod sf1013;
mod sf1014;
mod sf1015;
mod sf1016;
mod sf1017;
mod sf1018;
mod sf1019;
mod sf1020;
mod sf1021;

use crate::lint::Rule;

pub static RULES: &[&Rule] = &[
    &sf1001::RULE,
    &sf1002::RULE,
    &sf1003::RULE,
    &sf1004::RULE,
    &sf1005::RULE,
    &sf1006::RULE,
    &sf1007::RULE,
    &sf1008::RULE,
    &sf1009::RULE,
    &sf1010::RULE,
    &sf1011::RULE,
    &sf1012::RULE,
    &sf1013::RULE,
    &sf1014::RULE,
    &sf1015::RULE,
    &sf1016::RULE,
    &sf1017::RULE,
    &sf1018::RULE,
    &sf1019::RULE,
    &sf1020::RULE,
    &sf1021::RULE,
];
