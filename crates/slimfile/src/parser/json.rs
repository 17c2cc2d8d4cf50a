//! The JSON (exec) form of instruction arguments, decoded the way BuildKit
//! does it with Go's `encoding/json`: the first JSON value after `[` is read;
//! a syntax error means "not JSON" (the arguments fall back to shell form), a
//! valid array with a non-string element is an error.

use crate::TextRange;

pub(crate) enum JsonArray {
    /// Every element a string: (decoded value, range of the literal).
    Strings(Vec<(String, TextRange)>),
    /// Valid JSON, but not an array of strings.
    NotStrings,
    /// Not valid JSON.
    Invalid,
}

const MAX_DEPTH: usize = 10_000;

/// Parses the JSON value that starts at `start` (which must be `[`) in
/// `text[..end]`. Offsets in the result are offsets into `text`.
pub(crate) fn parse_array(text: &str, start: usize, end: usize) -> JsonArray {
    let b = &text.as_bytes()[..end.min(text.len())];
    if b.get(start) != Some(&b'[') {
        return JsonArray::Invalid;
    }
    let mut pos = start + 1;
    let mut strings = Vec::new();
    let mut all_strings = true;
    skip_ws(b, &mut pos);
    if b.get(pos) == Some(&b']') {
        return JsonArray::Strings(strings);
    }
    loop {
        skip_ws(b, &mut pos);
        if b.get(pos) == Some(&b'"') {
            let lit_start = pos;
            match parse_string(text, b, &mut pos) {
                Some(s) => strings.push((s, TextRange::new(lit_start, pos))),
                None => return JsonArray::Invalid,
            }
        } else {
            all_strings = false;
            if !skip_value(b, &mut pos) {
                return JsonArray::Invalid;
            }
        }
        skip_ws(b, &mut pos);
        match b.get(pos) {
            Some(b',') => pos += 1,
            Some(b']') => break,
            _ => return JsonArray::Invalid,
        }
    }
    if all_strings {
        JsonArray::Strings(strings)
    } else {
        JsonArray::NotStrings
    }
}

fn skip_ws(b: &[u8], pos: &mut usize) {
    while let Some(c) = b.get(*pos) {
        if matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
            *pos += 1;
        } else {
            break;
        }
    }
}

/// Decodes a JSON string literal at `pos` (on `"`); leaves `pos` after it.
fn parse_string(text: &str, b: &[u8], pos: &mut usize) -> Option<String> {
    let mut out = String::new();
    let mut i = *pos + 1;
    let mut run_start = i;
    loop {
        let c = *b.get(i)?;
        match c {
            b'"' => {
                out.push_str(text.get(run_start..i)?);
                *pos = i + 1;
                return Some(out);
            }
            b'\\' => {
                out.push_str(text.get(run_start..i)?);
                let e = *b.get(i + 1)?;
                i += 2;
                match e {
                    b'"' => out.push('"'),
                    b'\\' => out.push('\\'),
                    b'/' => out.push('/'),
                    b'b' => out.push('\u{8}'),
                    b'f' => out.push('\u{c}'),
                    b'n' => out.push('\n'),
                    b'r' => out.push('\r'),
                    b't' => out.push('\t'),
                    b'u' => {
                        let hi = hex4(b, i)?;
                        i += 4;
                        if (0xD800..0xDC00).contains(&hi) && b.get(i) == Some(&b'\\') && b.get(i + 1) == Some(&b'u') {
                            if let Some(lo) = hex4(b, i + 2) {
                                if (0xDC00..0xE000).contains(&lo) {
                                    let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                                    out.push(char::from_u32(cp).unwrap_or('\u{FFFD}'));
                                    i += 6;
                                    run_start = i;
                                    continue;
                                }
                            }
                        }
                        out.push(char::from_u32(hi).unwrap_or('\u{FFFD}'));
                    }
                    _ => return None,
                }
                run_start = i;
            }
            0..=0x1f => return None,
            _ => i += 1,
        }
    }
}

fn hex4(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at + 4)?;
    let mut v = 0u32;
    for &c in s {
        v = v * 16 + (c as char).to_digit(16)?;
    }
    Some(v)
}

/// Skips one JSON value of any kind, iteratively. Returns false on a syntax
/// error (or nesting deeper than Go's limit).
fn skip_value(b: &[u8], pos: &mut usize) -> bool {
    // Stack of open containers: b'[' or b'{'.
    let mut stack: Vec<u8> = Vec::new();
    loop {
        skip_ws(b, pos);
        // Expect a value.
        match b.get(*pos) {
            Some(b'"') => {
                if !skip_string(b, pos) {
                    return false;
                }
            }
            Some(b'[') | Some(b'{') => {
                let open = b[*pos];
                *pos += 1;
                if stack.len() >= MAX_DEPTH {
                    return false;
                }
                stack.push(open);
                skip_ws(b, pos);
                let close = if open == b'[' { b']' } else { b'}' };
                if b.get(*pos) == Some(&close) {
                    *pos += 1;
                    stack.pop();
                } else {
                    if open == b'{' && !skip_key(b, pos) {
                        return false;
                    }
                    continue;
                }
            }
            Some(b't') => {
                if !literal(b, pos, b"true") {
                    return false;
                }
            }
            Some(b'f') => {
                if !literal(b, pos, b"false") {
                    return false;
                }
            }
            Some(b'n') => {
                if !literal(b, pos, b"null") {
                    return false;
                }
            }
            Some(b'-') | Some(b'0'..=b'9') => {
                if !skip_number(b, pos) {
                    return false;
                }
            }
            _ => return false,
        }
        // After a value: close containers or continue with a separator.
        loop {
            let Some(&top) = stack.last() else { return true };
            skip_ws(b, pos);
            let close = if top == b'[' { b']' } else { b'}' };
            match b.get(*pos) {
                Some(&c) if c == close => {
                    *pos += 1;
                    stack.pop();
                }
                Some(b',') => {
                    *pos += 1;
                    if top == b'{' && !skip_key(b, pos) {
                        return false;
                    }
                    break;
                }
                _ => return false,
            }
        }
    }
}

fn skip_key(b: &[u8], pos: &mut usize) -> bool {
    skip_ws(b, pos);
    if b.get(*pos) != Some(&b'"') || !skip_string(b, pos) {
        return false;
    }
    skip_ws(b, pos);
    if b.get(*pos) != Some(&b':') {
        return false;
    }
    *pos += 1;
    true
}

fn skip_string(b: &[u8], pos: &mut usize) -> bool {
    let mut i = *pos + 1;
    while let Some(&c) = b.get(i) {
        match c {
            b'"' => {
                *pos = i + 1;
                return true;
            }
            b'\\' => match b.get(i + 1) {
                Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 2,
                Some(b'u') => {
                    if hex4(b, i + 2).is_none() {
                        return false;
                    }
                    i += 6;
                }
                _ => return false,
            },
            0..=0x1f => return false,
            _ => i += 1,
        }
    }
    false
}

fn literal(b: &[u8], pos: &mut usize, word: &[u8]) -> bool {
    if b.get(*pos..*pos + word.len()) == Some(word) {
        *pos += word.len();
        true
    } else {
        false
    }
}

fn skip_number(b: &[u8], pos: &mut usize) -> bool {
    let digits = |b: &[u8], i: &mut usize| {
        let s = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > s
    };
    let mut i = *pos;
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    if b.get(i) == Some(&b'0') {
        i += 1;
    } else if !digits(b, &mut i) {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(b, &mut i) {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(b, &mut i) {
            return false;
        }
    }
    *pos = i;
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(s: &str) -> Option<Vec<String>> {
        match parse_array(s, 0, s.len()) {
            JsonArray::Strings(v) => Some(v.into_iter().map(|(s, _)| s).collect()),
            _ => None,
        }
    }

    #[test]
    fn decodes_strings_and_escapes() {
        assert_eq!(strings(r#"["a", "b"]"#).unwrap(), vec!["a", "b"]);
        assert_eq!(strings("[]").unwrap(), Vec::<String>::new());
        assert_eq!(strings(r#"["\u00e9\n\"", "\ud83d\ude00"]"#).unwrap(), vec!["é\n\"", "😀"]);
        // Go's decoder reads the first value and ignores what follows.
        assert_eq!(strings(r#"["a"] trailing"#).unwrap(), vec!["a"]);
    }

    #[test]
    fn classifies_invalid_and_non_string() {
        assert!(matches!(parse_array("['a']", 0, 5), JsonArray::Invalid));
        assert!(matches!(parse_array(r#"["a""#, 0, 4), JsonArray::Invalid));
        assert!(matches!(parse_array(r#"["a", 1]"#, 0, 8), JsonArray::NotStrings));
        let nested = r#"["a", ["b", {"c": [null, true, -1.5e3]}]]"#;
        assert!(matches!(parse_array(nested, 0, nested.len()), JsonArray::NotStrings));
        let deep = "[".repeat(20_000) + &"]".repeat(20_000);
        assert!(matches!(parse_array(&deep, 0, deep.len()), JsonArray::Invalid));
    }

    #[test]
    fn literal_ranges() {
        let s = r#"[ "ab",  "c" ]"#;
        match parse_array(s, 0, s.len()) {
            JsonArray::Strings(v) => {
                assert_eq!(v[0].1.slice(s), r#""ab""#);
                assert_eq!(v[1].1.slice(s), r#""c""#);
            }
            _ => panic!("expected strings"),
        }
    }
}
