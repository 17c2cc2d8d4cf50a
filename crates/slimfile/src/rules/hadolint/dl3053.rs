use super::common::check_label_format;
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// With a `label-schema` that gives a label the type `rfc3339`, flags
    /// values that are not an RFC 3339 timestamp
    /// (`2024-05-01T12:00:00Z`).
    ///
    /// ## Why it matters
    /// Creation-time labels (`org.opencontainers.image.created`) are parsed
    /// by tools; a date in another format cannot be compared or sorted.
    ///
    /// ## Example
    /// ```dockerfile
    /// LABEL org.opencontainers.image.created="May 1st 2024"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// LABEL org.opencontainers.image.created="2024-05-01T12:00:00Z"
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the time is yours to provide.
    ///
    /// ## Equivalents
    /// hadolint DL3053 (date, `T`, time, optional fraction, `Z` or a
    /// `+hh:mm` / `+hhmm` offset; dates must exist). Off unless a schema is
    /// configured.
    pub static RULE = {
        code: "DL3053",
        name: "label-not-rfc3339",
        aliases: [],
        severity: Warning,
        group: Hadolint,
        summary: "Label `<label>` is not a valid time format - must conform to RFC3339",
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    check_label_format(
        ctx,
        out,
        "rfc3339",
        is_rfc3339,
        "an RFC 3339 time",
        "time labels must look like `2024-05-01T12:00:00Z`",
    );
}

/// Reads `n` digits.
fn digits(s: &mut &str, n: usize) -> Option<u32> {
    let d = s.get(..n)?;
    if !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    *s = &s[n..];
    d.parse().ok()
}

fn expect(s: &mut &str, c: &[char]) -> Option<()> {
    let rest = s.strip_prefix(c)?;
    *s = rest;
    Some(())
}

fn is_rfc3339(v: &str) -> bool {
    parse(v).is_some()
}

fn parse(v: &str) -> Option<()> {
    let mut s = v;
    let year_len = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if year_len == 0 || year_len > 9 {
        return None;
    }
    let year: i64 = s[..year_len].parse().ok()?;
    s = &s[year_len..];
    expect(&mut s, &['-'])?;
    let month = digits(&mut s, 2)?;
    expect(&mut s, &['-'])?;
    let day = digits(&mut s, 2)?;
    expect(&mut s, &['T', 't'])?;
    let hour = digits(&mut s, 2)?;
    expect(&mut s, &[':'])?;
    let minute = digits(&mut s, 2)?;
    expect(&mut s, &[':'])?;
    let second = digits(&mut s, 2)?;
    if let Some(rest) = s.strip_prefix('.') {
        s = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    if expect(&mut s, &['Z', 'z']).is_none() {
        expect(&mut s, &['+', '-'])?;
        let oh = digits(&mut s, 2)?;
        let _ = expect(&mut s, &[':']);
        let om = digits(&mut s, 2)?;
        if oh > 23 || om > 59 {
            return None;
        }
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (s.is_empty() && (1..=days).contains(&day) && hour < 24 && minute < 60 && second <= 60).then_some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::hadolint::common::test_util::{run_with, schema};

    #[test]
    fn fires_on_non_times() {
        assert_eq!(
            run_with("LABEL datelabel=\"not-date\"\n", "DL3053", &schema(&[("datelabel", "rfc3339")])),
            [("\"not-date\"".to_string(), "label `datelabel` is not an RFC 3339 time: `not-date`".to_string())]
        );
        for bad in [
            "2021-03-10 10:26:33Z",
            "2021-03-10T10:26:33",
            "2021-13-10T10:26:33Z",
            "2021-02-30T10:26:33Z",
            "2021-03-10T25:26:33Z",
            "2021-03-10",
        ] {
            assert!(!is_rfc3339(bad), "{bad}");
        }
    }

    #[test]
    fn accepts_times() {
        let cfg = schema(&[("datelabel", "rfc3339")]);
        assert!(run_with(
            "LABEL datelabel=\"2021-03-10T10:26:33.564595127+01:00\"\nLABEL other=\"x\"\n",
            "DL3053",
            &cfg
        )
        .is_empty());
        for good in [
            "2021-03-10T10:26:33Z",
            "2021-03-10t10:26:33z",
            "2021-03-10T10:26:60Z",
            "2021-03-10T10:26:33+0100",
            "2020-02-29T00:00:00Z",
        ] {
            assert!(is_rfc3339(good), "{good}");
        }
    }
}
