//! BuildKit's line parsers, on a logical line: split the keyword, extract the
//! builder flags, and parse the arguments in the instruction's form. All
//! ranges here are offsets into the logical line.

use super::json::{self, JsonArray};
use crate::ast::Keyword;
use crate::TextRange;

/// Go's `reWhitespace` / `tokenWhitespace`: `[\t\v\f\r ]`.
pub(crate) fn is_token_ws(c: u8) -> bool {
    matches!(c, b'\t' | 0x0b | 0x0c | b'\r' | b' ')
}

/// A word of the logical line.
#[derive(Clone, Debug)]
pub(crate) struct LWord {
    pub value: String,
    pub range: TextRange,
}

#[derive(Clone, Debug)]
pub(crate) struct LFlag {
    pub name: String,
    pub value: Option<String>,
    pub range: TextRange,
    pub name_range: TextRange,
    pub value_range: Option<TextRange>,
}

#[derive(Clone, Debug)]
pub(crate) struct LKeyValue {
    pub key: LWord,
    pub value: LWord,
    pub legacy: bool,
    pub range: TextRange,
}

#[derive(Clone, Debug)]
pub(crate) enum LArgs {
    None,
    Exec(Vec<LWord>),
    Shell(LWord),
    Text(LWord),
    List(Vec<LWord>),
    KeyValues(Vec<LKeyValue>),
    Healthcheck { kind: LWord, cmd: Box<LArgs> },
    OnBuild(Box<LInstruction>),
}

#[derive(Clone, Debug)]
pub(crate) struct LInstruction {
    pub keyword: Keyword,
    pub keyword_text: String,
    pub keyword_range: TextRange,
    pub flags: Vec<LFlag>,
    pub args: LArgs,
    pub args_range: TextRange,
    /// Problems: (range in the logical line, code, message).
    pub errors: Vec<(TextRange, &'static str, String)>,
}

/// Trims Unicode whitespace (Go's `strings.TrimSpace`) from a window.
fn trim_window(text: &str, start: usize, end: usize) -> (usize, usize) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead == s.len() {
        return (end, end);
    }
    (start + lead, end - trail)
}

/// Parses `text[start..end]` as one instruction (`splitCommand` + dispatch).
/// `depth` counts ONBUILD nesting.
pub(crate) fn parse_instruction(text: &str, start: usize, end: usize, escape: char, depth: usize) -> LInstruction {
    let (s, e) = trim_window(text, start, end);
    let b = text.as_bytes();
    let mut k = s;
    while k < e && !is_token_ws(b[k]) {
        k += 1;
    }
    // `k` may sit inside a multi-byte char only if a token byte matched, which
    // cannot happen for ASCII whitespace; still, stay on char boundaries.
    while k < e && !text.is_char_boundary(k) {
        k += 1;
    }
    let keyword_text = text[s..k].to_string();
    let keyword = Keyword::from_name(&keyword_text);
    let mut rest = k;
    while rest < e && is_token_ws(b[rest]) {
        rest += 1;
    }
    let mut errors = Vec::new();
    let (flags, args_start) = if rest < e { extract_flags(text, rest, e) } else { (Vec::new(), e) };
    let (a0, a1) = trim_window(text, args_start.min(e), e);
    let args_range = TextRange::new(a0, a1);
    let args = match keyword {
        Keyword::Add | Keyword::Copy | Keyword::Volume => maybe_json_to_list(text, a0, a1, &mut errors),
        Keyword::Run | Keyword::Cmd | Keyword::Entrypoint | Keyword::Shell => maybe_json(text, a0, a1, &mut errors),
        Keyword::Arg => {
            let words = parse_words(text, a0, a1, escape);
            if words.is_empty() {
                LArgs::None
            } else {
                LArgs::List(words)
            }
        }
        Keyword::Env | Keyword::Label => name_val(text, a0, a1, escape, keyword, &mut errors),
        Keyword::Expose | Keyword::From => whitespace_list(text, a0, a1),
        Keyword::Maintainer | Keyword::Stopsignal | Keyword::User | Keyword::Workdir => {
            if a0 == a1 {
                LArgs::None
            } else {
                LArgs::Text(word(text, a0, a1))
            }
        }
        Keyword::Healthcheck => health(text, a0, a1, &mut errors),
        Keyword::Onbuild => {
            if a0 == a1 {
                LArgs::None
            } else if depth >= 1 {
                errors.push((
                    TextRange::new(a0, a1),
                    "parse/onbuild-chain",
                    "ONBUILD cannot wrap another ONBUILD".to_string(),
                ));
                LArgs::Text(word(text, a0, a1))
            } else {
                LArgs::OnBuild(Box::new(parse_instruction(text, a0, a1, escape, depth + 1)))
            }
        }
        Keyword::Unknown => LArgs::None,
    };
    LInstruction {
        keyword,
        keyword_text,
        keyword_range: TextRange::new(s, k),
        flags,
        args,
        args_range,
        errors,
    }
}

fn word(text: &str, s: usize, e: usize) -> LWord {
    LWord { value: text[s..e].to_string(), range: TextRange::new(s, e) }
}

/// BuildKit's `extractBuilderFlags`: leading `--name[=value]` words, quotes
/// removed, `--` ends the flags. Returns the flags and where the arguments
/// start.
fn extract_flags(text: &str, start: usize, end: usize) -> (Vec<LFlag>, usize) {
    let b = text.as_bytes();
    let mut flags = Vec::new();
    let mut pos = start;
    loop {
        while pos < end && is_ascii_space(b[pos]) {
            pos += 1;
        }
        if pos >= end {
            return (flags, end);
        }
        if !(b[pos] == b'-' && pos + 1 < end && b[pos + 1] == b'-') {
            return (flags, pos);
        }
        // Read one word with quotes and backslash escapes.
        let wstart = pos;
        let mut value: Vec<u8> = Vec::new();
        let mut blank_ok = false;
        let mut quote = 0u8;
        let mut eq_at: Option<(usize, usize)> = None; // (raw offset of '=', value bytes before)
        while pos < end {
            let c = b[pos];
            if quote == 0 {
                if is_ascii_space(c) {
                    break;
                }
                if c == b'\'' || c == b'"' {
                    quote = c;
                    blank_ok = true;
                    pos += 1;
                    continue;
                }
                if c == b'\\' {
                    if pos + 1 == end {
                        pos += 1;
                        continue;
                    }
                    pos += 1;
                    value.push(b[pos]);
                    pos += 1;
                    continue;
                }
                if c == b'=' && eq_at.is_none() {
                    eq_at = Some((pos, value.len()));
                }
                value.push(c);
                pos += 1;
            } else {
                if c == quote {
                    quote = 0;
                    pos += 1;
                    continue;
                }
                if c == b'\\' {
                    if pos + 1 == end {
                        quote = 0;
                        pos += 1;
                        continue;
                    }
                    pos += 1;
                }
                value.push(b[pos]);
                pos += 1;
            }
        }
        let wend = pos;
        let w = String::from_utf8_lossy(&value).into_owned();
        if w == "--" {
            return (flags, wend);
        }
        if !blank_ok && w.is_empty() {
            continue;
        }
        let body = w.strip_prefix("--").unwrap_or(&w);
        let (name, val, name_range, value_range) = match (body.find('='), eq_at) {
            (Some(i), Some((raw_eq, _))) => (
                body[..i].to_string(),
                Some(body[i + 1..].to_string()),
                TextRange::new(wstart, raw_eq),
                Some(TextRange::new(raw_eq + 1, wend)),
            ),
            (Some(i), None) => {
                (body[..i].to_string(), Some(body[i + 1..].to_string()), TextRange::new(wstart, wend), None)
            }
            (None, _) => (body.to_string(), None, TextRange::new(wstart, wend), None),
        };
        flags.push(LFlag { name, value: val, range: TextRange::new(wstart, wend), name_range, value_range });
    }
}

fn is_ascii_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// BuildKit's `parseWords`: whitespace-separated words, quotes and escapes
/// kept in the value.
pub(crate) fn parse_words(text: &str, start: usize, end: usize, escape: char) -> Vec<LWord> {
    let mut words = Vec::new();
    let s = &text[start..end];
    let mut word = String::new();
    let mut wstart = None::<usize>;
    let mut wend = start;
    let mut blank_ok = false;
    let mut quote: Option<char> = None;
    let mut it = s.char_indices().peekable();
    while let Some((i, ch)) = it.next() {
        let abs = start + i;
        match quote {
            None => {
                if ch.is_whitespace() {
                    if let Some(ws) = wstart.take() {
                        if blank_ok || !word.is_empty() {
                            words.push(LWord { value: std::mem::take(&mut word), range: TextRange::new(ws, wend) });
                        }
                        word.clear();
                    }
                    blank_ok = false;
                    continue;
                }
                if wstart.is_none() {
                    wstart = Some(abs);
                }
                if ch == '\'' || ch == '"' {
                    quote = Some(ch);
                    blank_ok = true;
                }
                if ch == escape {
                    match it.next() {
                        None => {
                            wend = abs + ch.len_utf8();
                            continue; // an escape at the end is dropped
                        }
                        Some((j, next)) => {
                            word.push(ch);
                            word.push(next);
                            wend = start + j + next.len_utf8();
                            continue;
                        }
                    }
                }
                word.push(ch);
                wend = abs + ch.len_utf8();
            }
            Some(q) => {
                if ch == q {
                    quote = None;
                }
                if ch == escape && q != '\'' {
                    match it.next() {
                        None => {
                            quote = None;
                            wend = abs + ch.len_utf8();
                            continue;
                        }
                        Some((j, next)) => {
                            word.push(ch);
                            word.push(next);
                            wend = start + j + next.len_utf8();
                            continue;
                        }
                    }
                }
                word.push(ch);
                wend = abs + ch.len_utf8();
            }
        }
    }
    if let Some(ws) = wstart {
        if blank_ok || !word.is_empty() {
            words.push(LWord { value: word, range: TextRange::new(ws, wend) });
        }
    }
    words
}

/// `[\t\v\f\r ]+`-separated words (Go's `reWhitespace.Split`).
fn whitespace_list(text: &str, start: usize, end: usize) -> LArgs {
    if start == end {
        return LArgs::None;
    }
    let b = text.as_bytes();
    let mut words = Vec::new();
    let mut ws = start;
    let mut i = start;
    while i <= end {
        if i == end || is_token_ws(b[i]) {
            words.push(word(text, ws, i));
            while i < end && is_token_ws(b[i]) {
                i += 1;
            }
            if i == end {
                break;
            }
            ws = i;
        } else {
            i += 1;
        }
    }
    LArgs::List(words)
}

type Errors = Vec<(TextRange, &'static str, String)>;

fn json_words(v: Vec<(String, TextRange)>) -> Vec<LWord> {
    v.into_iter().map(|(value, range)| LWord { value, range }).collect()
}

fn not_strings(errors: &mut Errors, s: usize, e: usize) {
    errors.push((
        TextRange::new(s, e),
        "parse/json-not-strings",
        "when using JSON array syntax, arrays must be comprised of strings only".to_string(),
    ));
}

fn maybe_json(text: &str, s: usize, e: usize, errors: &mut Errors) -> LArgs {
    if s == e {
        return LArgs::None;
    }
    if text.as_bytes()[s] == b'[' {
        match json::parse_array(text, s, e) {
            JsonArray::Strings(v) => return LArgs::Exec(json_words(v)),
            JsonArray::NotStrings => not_strings(errors, s, e),
            JsonArray::Invalid => {}
        }
    }
    LArgs::Shell(word(text, s, e))
}

fn maybe_json_to_list(text: &str, s: usize, e: usize, errors: &mut Errors) -> LArgs {
    if s < e && text.as_bytes()[s] == b'[' {
        match json::parse_array(text, s, e) {
            JsonArray::Strings(v) => return LArgs::Exec(json_words(v)),
            JsonArray::NotStrings => not_strings(errors, s, e),
            JsonArray::Invalid => {}
        }
    }
    whitespace_list(text, s, e)
}

fn health(text: &str, s: usize, e: usize, errors: &mut Errors) -> LArgs {
    if s == e {
        return LArgs::None;
    }
    let b = text.as_bytes();
    let mut sep = s;
    while sep < e && !is_ascii_space(b[sep]) {
        sep += 1;
    }
    let mut next = sep;
    while next < e && is_ascii_space(b[next]) {
        next += 1;
    }
    let kind = word(text, s, sep);
    let cmd = maybe_json(text, next, e, errors);
    LArgs::Healthcheck { kind, cmd: Box::new(cmd) }
}

/// BuildKit's `parseNameVal` for ENV and LABEL.
fn name_val(text: &str, s: usize, e: usize, escape: char, keyword: Keyword, errors: &mut Errors) -> LArgs {
    let words = parse_words(text, s, e, escape);
    if words.is_empty() {
        return LArgs::None;
    }
    if !words[0].value.contains('=') {
        // Legacy form: `KEY name value`.
        let b = text.as_bytes();
        let mut k = s;
        while k < e && !is_token_ws(b[k]) {
            k += 1;
        }
        let mut v = k;
        while v < e && is_token_ws(b[v]) {
            v += 1;
        }
        if k == e {
            errors.push((
                TextRange::new(s, e),
                "parse/missing-value",
                format!("{} must have two arguments", keyword.as_str()),
            ));
            return LArgs::KeyValues(vec![LKeyValue {
                key: word(text, s, k),
                value: word(text, e, e),
                legacy: true,
                range: TextRange::new(s, e),
            }]);
        }
        return LArgs::KeyValues(vec![LKeyValue {
            key: word(text, s, k),
            value: word(text, v, e),
            legacy: true,
            range: TextRange::new(s, e),
        }]);
    }
    let mut kvs = Vec::new();
    for w in words {
        match w.value.find('=') {
            Some(i) => {
                let eq = w.range.start + i; // the value has the raw text up to the first '='
                kvs.push(LKeyValue {
                    key: LWord { value: w.value[..i].to_string(), range: TextRange::new(w.range.start, eq) },
                    value: LWord { value: w.value[i + 1..].to_string(), range: TextRange::new(eq + 1, w.range.end) },
                    legacy: false,
                    range: w.range,
                });
            }
            None => errors.push((
                w.range,
                "parse/missing-equals",
                format!("can't find = in {:?}: must be of the form name=value", w.value),
            )),
        }
    }
    LArgs::KeyValues(kvs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        parse_words(s, 0, s.len(), '\\').into_iter().map(|w| w.value).collect()
    }

    #[test]
    fn parse_words_keeps_quotes() {
        assert_eq!(words("foo bar 'abc xyz'"), vec!["foo", "bar", "'abc xyz'"]);
        assert_eq!(words("foo\\ bar"), vec!["foo\\ bar"]);
        assert_eq!(words("föo bàr \"âbc xÿz\""), vec!["föo", "bàr", "\"âbc xÿz\""]);
        assert_eq!(words("a=\"\" b"), vec!["a=\"\"", "b"]);
    }

    #[test]
    fn flags_with_quotes_and_ranges() {
        let s = "--from=build --chown=\"a b\" --link -- x y";
        let (flags, rest) = extract_flags(s, 0, s.len());
        assert_eq!(flags.len(), 3);
        assert_eq!(flags[1].value.as_deref(), Some("a b"));
        assert_eq!(flags[1].value_range.unwrap().slice(s), "\"a b\"");
        assert_eq!(flags[0].name_range.slice(s), "--from");
        assert_eq!(flags[2].value, None);
        assert_eq!(&s[rest..], " x y");
    }
}
