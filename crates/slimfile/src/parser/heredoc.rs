//! Heredoc detection, as BuildKit's `heredocsFromLine` does it: split the
//! logical line into shell words (quotes and escapes kept), and every word of
//! the form `[n]<<[-]NAME` opens a heredoc. The name is the word's value with
//! quotes removed; a quoted name turns variable expansion off.

use crate::expand::Lexer;
use crate::TextRange;

pub(crate) struct HeredocMarker {
    pub name: String,
    pub fd: u32,
    pub expand: bool,
    pub chomp: bool,
    pub range: TextRange,
}

/// Words split on unquoted whitespace, keeping quotes and backslash escapes.
fn raw_words(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut ws: Option<usize> = None;
    let mut quote: Option<char> = None;
    let mut it = text[start..end].char_indices();
    while let Some((i, ch)) = it.next() {
        let abs = start + i;
        match quote {
            None if ch.is_whitespace() => {
                if let Some(s) = ws.take() {
                    out.push((s, abs));
                }
            }
            None => {
                ws.get_or_insert(abs);
                if ch == '\'' || ch == '"' {
                    quote = Some(ch);
                } else if ch == '\\' {
                    it.next();
                }
            }
            Some(q) => {
                if ch == q {
                    quote = None;
                } else if ch == '\\' && q == '"' {
                    it.next();
                }
            }
        }
    }
    if let Some(s) = ws {
        out.push((s, end));
    }
    out
}

/// The heredoc name as BuildKit's `heredocFromMatch` reads it: the word
/// processed by the shell lexer (unset variables kept) without and with raw
/// quotes. `None` when it is not exactly one word or a quote is not closed.
fn unquote(word: &str) -> Option<(String, String)> {
    let mut lexer = Lexer::new('\\');
    lexer.skip_unset = true;
    let plain = lexer.process_words(word, &()).ok()?;
    lexer.raw_quotes = true;
    let raw = lexer.process_words(word, &()).ok()?;
    match (<[String; 1]>::try_from(plain), <[String; 1]>::try_from(raw)) {
        (Ok([plain]), Ok([raw])) => Some((plain, raw)),
        _ => None,
    }
}

/// A heredoc marker, or a malformed one (an unterminated quote in the
/// delimiter, which BuildKit rejects).
pub(crate) type MarkerResult = Result<HeredocMarker, (TextRange, String)>;

/// The heredocs opened on a logical line, in order. A word `<<` or `<<-`
/// followed by a separate word (`<< EOF`) counts too, as in BuildKit.
pub(crate) fn markers(text: &str, start: usize, end: usize) -> Vec<MarkerResult> {
    if !text[start..end].contains("<<") {
        return Vec::new();
    }
    let mut out = Vec::new();
    let words = raw_words(text, start, end);
    let mut k = 0;
    while k < words.len() {
        let (s, mut e) = words[k];
        k += 1;
        let w = &text[s..e];
        let digits = w.bytes().take_while(u8::is_ascii_digit).count();
        let Some(after) = w[digits..].strip_prefix("<<") else { continue };
        let (chomp, mut rest) = match after.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, after),
        };
        let mut rest_start = e - rest.len();
        if rest.is_empty() {
            // `<< EOF`: the delimiter is the next word.
            let Some(&(ns, ne)) = words.get(k) else { continue };
            k += 1;
            rest = &text[ns..ne];
            rest_start = ns;
            e = ne;
        }
        if rest.contains('<') {
            continue;
        }
        let range = TextRange::new(s, e);
        let Some((name, raw)) = unquote(rest) else {
            out.push(Err((
                TextRange::new(rest_start, e),
                format!("invalid heredoc delimiter {rest}: a quote is not closed"),
            )));
            continue;
        };
        let count = |s: &str| s.chars().filter(|c| *c == '\'' || *c == '"').count();
        let expand = count(&name) == count(&raw);
        let fd = w[..digits].parse::<u32>().unwrap_or(0);
        out.push(Ok(HeredocMarker { name, fd, expand, chomp, range }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &str) -> Vec<(String, bool, bool, u32)> {
        markers(s, 0, s.len()).into_iter().flatten().map(|m| (m.name, m.expand, m.chomp, m.fd)).collect()
    }

    #[test]
    fn detects_heredoc_words() {
        assert_eq!(names("RUN <<EOF"), vec![("EOF".into(), true, false, 0)]);
        assert_eq!(names("RUN cat <<-'EOF' > f"), vec![("EOF".into(), false, true, 0)]);
        assert_eq!(names("COPY <<A 3<<\"B\" /d"), vec![("A".into(), true, false, 0), ("B".into(), false, false, 3)]);
        assert!(names("RUN \"<<NOHEREDOC\"").is_empty());
        assert!(names("RUN echo a<<b").is_empty());
        assert_eq!(names("RUN <<eo'f'"), vec![("eof".into(), false, false, 0)]);
        assert_eq!(names("RUN <<'one two'"), vec![("one two".into(), false, false, 0)]);
        assert_eq!(names("RUN <<- EOF"), vec![("EOF".into(), true, true, 0)]);
        assert_eq!(names("RUN << -EOF"), vec![("-EOF".into(), true, false, 0)]);
        assert!(markers("RUN <<'EOF", 0, 10)[0].is_err());
    }
}
