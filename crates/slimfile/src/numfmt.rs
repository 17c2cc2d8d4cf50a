//! Fixed-point formatting of `f64` without the standard library's float
//! formatter: `fixed(x, 1)` prints exactly what `format!("{:.1}", x)` prints
//! (the exact binary value rounded half to even, `-` for a negative sign,
//! `NaN`, `inf`). The size strings are its only users; the standard
//! formatter (Grisu and Dragon4 with their tables) costs the web app's wasm
//! about 20 KB that integer arithmetic does not need.

use std::fmt;

/// `x` with `decimals` digits after the point (at most 9), as `{:.N}` would.
pub fn fixed(x: f64, decimals: u32) -> Fixed {
    Fixed { x, decimals: decimals.min(9) }
}

/// The [`Display`](fmt::Display) of [`fixed`].
#[derive(Clone, Copy, Debug)]
pub struct Fixed {
    x: f64,
    decimals: u32,
}

impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&render(self.x, self.decimals))
    }
}

fn render(x: f64, decimals: u32) -> String {
    if x.is_nan() {
        return "NaN".to_string();
    }
    let mut out = String::new();
    if x.is_sign_negative() {
        out.push('-');
    }
    if x.is_infinite() {
        out.push_str("inf");
        return out;
    }
    // |x| = m * 2^e exactly, m < 2^53.
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1u64 << 52) - 1);
    let (m, e) = if biased == 0 { (fraction, -1074) } else { (fraction | (1u64 << 52), biased - 1075) };
    if e >= 0 {
        // An integer: its digits, then zeros after the point.
        out.push_str(&integer_digits(m, e as u32));
        if decimals > 0 {
            out.push('.');
            out.extend(std::iter::repeat_n('0', decimals as usize));
        }
        return out;
    }
    // |x| = whole + f / 2^s. The fraction's digits: f * 10^decimals / 2^s
    // rounded half to even (f * 10^9 < 2^93; no u128 division, which would
    // bring its own code into the wasm).
    let s = (-e) as u32;
    let (mut whole, f) = if s >= 64 { (0, m as u128) } else { (m >> s, (m & ((1u64 << s) - 1)) as u128) };
    let scale = 10u64.pow(decimals);
    let p = f * scale as u128;
    let mut digits = if s >= 127 {
        0 // p / 2^s < 2^-44: rounds to 0
    } else {
        let q = (p >> s) as u64;
        let rest = p & ((1u128 << s) - 1);
        let half = 1u128 << (s - 1);
        // Half to even: the parity of the last digit kept.
        let last = if decimals == 0 { whole } else { q };
        if rest > half || (rest == half && last % 2 == 1) {
            q + 1
        } else {
            q
        }
    };
    if digits == scale {
        whole += 1;
        digits = 0;
    }
    out.push_str(&whole.to_string());
    if decimals > 0 {
        let frac = digits.to_string();
        out.push('.');
        out.extend(std::iter::repeat_n('0', decimals as usize - frac.len()));
        out.push_str(&frac);
    }
    out
}

/// The decimal digits of m * 2^e (e up to 971): limbs of nine digits,
/// least significant first, doubled e times.
fn integer_digits(m: u64, e: u32) -> String {
    let mut limbs: Vec<u64> = vec![m % 1_000_000_000, (m / 1_000_000_000) % 1_000_000_000, m / 1_000_000_000_000_000_000];
    for _ in 0..e {
        let mut carry = 0;
        for limb in &mut limbs {
            let v = *limb * 2 + carry;
            *limb = v % 1_000_000_000;
            carry = v / 1_000_000_000;
        }
        if carry > 0 {
            limbs.push(carry);
        }
    }
    while limbs.len() > 1 && limbs.last() == Some(&0) {
        limbs.pop();
    }
    let mut out = limbs.last().map_or_else(String::new, |l| l.to_string());
    for limb in limbs.iter().rev().skip(1) {
        let digits = limb.to_string();
        out.extend(std::iter::repeat_n('0', 9 - digits.len()));
        out.push_str(&digits);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(x: f64) {
        assert_eq!(fixed(x, 0).to_string(), format!("{x:.0}"), "{x:e} .0");
        assert_eq!(fixed(x, 1).to_string(), format!("{x:.1}"), "{x:e} .1");
        assert_eq!(fixed(x, 2).to_string(), format!("{x:.2}"), "{x:e} .2");
        assert_eq!(fixed(x, 3).to_string(), format!("{x:.3}"), "{x:e} .3");
        assert_eq!(fixed(x, 9).to_string(), format!("{x:.9}"), "{x:e} .9");
    }

    #[test]
    fn same_text_as_the_standard_formatter() {
        let special = [
            0.0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.25, 0.35, 0.05, 0.15, 9.95, 99.95, 999.5, 0.045, 1.0, 16.0, 480.0, 21.6, 1e6,
            123_456.789, 4.0e-7, 5e-324, f64::MIN_POSITIVE, 2f64.powi(52), 2f64.powi(53) + 2.0, 2f64.powi(64), 1e21,
            1.8e19, 1e300, f64::MAX, -f64::MAX, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.04, -1e-9,
        ];
        for x in special {
            check(x);
        }
        // Sizes as the app computes them, and every tie at .5 below 2000.
        for b in (0..3_000_000u64).step_by(4_999) {
            check(b as f64 / 1e6);
            check(b as f64 / 1_000.0);
            check(b as f64 / 1_048_576.0);
        }
        for k in 0..4000 {
            check(k as f64 / 2.0);
            check(k as f64 / 20.0);
            check(k as f64 / 200.0);
        }
        // Pseudo-random bit patterns: every exponent range.
        let mut s = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..20_000 {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            check(f64::from_bits(s));
        }
    }
}
