//! Share links: the playground's state (both files and the settings) in the
//! URL hash, compressed and versioned, so that old links keep decoding.
//! Pure; nothing is ever sent anywhere.
//!
//! Format `v1`: `#v1=` then base64url (no padding) of raw DEFLATE
//! (`miniz_oxide`) of a tiny binary record: four fields, each a
//! little-endian `u32` byte length then UTF-8 bytes: the Dockerfile, a
//! presence byte plus the .dockerignore, the settings
//! ([`Settings::to_compact`]) and the slimfile version that made the link.
//! A new format gets a new prefix (`v2=`); `decode` must keep reading `v1=`.
//!
//! [`decode`] never panics and refuses anything too big before doing the
//! work: hashes longer than [`MAX_HASH_CHARS`], and payloads that inflate
//! past [`MAX_DECOMPRESSED`] (a zip bomb stops at the cap).
//!
//! [`looks_secret`] finds text that should not go into a link (private keys,
//! cloud and forge tokens, passwords, and values of ENV/ARG names that the
//! core's `SecretsUsedInArgOrEnv` rule flags), so the dialog can warn first.
//!
//! Wiring (for `App`): on load, `decode(&location.hash)` and, if it works,
//! send an action that replaces both texts and the settings; for the share
//! button, `encode(&Shared{..})` and show `components::ShareDialog` with
//! `secret_hits(&shared)`.

use crate::settings::Settings;
use slimfile::TextRange;

/// What a link carries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shared {
    pub dockerfile: String,
    pub dockerignore: Option<String>,
    pub settings: Settings,
}

/// The hash prefix of the current format.
pub const PREFIX: &str = "v1=";
/// Longest hash accepted (characters after `#`).
pub const MAX_HASH_CHARS: usize = 1_500_000;
/// Largest record accepted once inflated.
pub const MAX_DECOMPRESSED: usize = 1024 * 1024;

/// Why a link cannot be made or read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// No `v…=` prefix: not a share link (an empty hash is this too).
    NotALink,
    /// A format this page does not know (made by a newer version).
    UnknownVersion(String),
    /// The hash is longer than [`MAX_HASH_CHARS`].
    HashTooLong(usize),
    /// The state is larger than [`MAX_DECOMPRESSED`] (encode or decode).
    TooLarge,
    /// Not base64url.
    BadEncoding,
    /// Not DEFLATE data.
    BadCompression,
    /// The record inside is damaged.
    Malformed(&'static str),
    /// The settings inside cannot be read.
    BadSettings(String),
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShareError::NotALink => f.write_str("not a slimfile share link"),
            ShareError::UnknownVersion(v) => {
                write!(f, "this link uses format `{v}`, which this version of slimfile cannot read (made by a newer version?)")
            }
            ShareError::HashTooLong(n) => {
                write!(f, "this link is too long ({n} characters; at most {MAX_HASH_CHARS} are read)")
            }
            ShareError::TooLarge => write!(f, "the shared state is larger than {} KiB", MAX_DECOMPRESSED / 1024),
            ShareError::BadEncoding => f.write_str("this link is damaged (not base64url): was it cut or edited?"),
            ShareError::BadCompression => f.write_str("this link is damaged (the compressed data is invalid): was it cut?"),
            ShareError::Malformed(what) => write!(f, "this link is damaged: {what}"),
            ShareError::BadSettings(e) => write!(f, "this link's settings cannot be read: {e}"),
        }
    }
}

impl std::error::Error for ShareError {}

// ---- base64url ----

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding (RFC 4648 §5).
pub fn base64url_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(B64[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

fn b64_value(c: u8) -> Option<u32> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return None,
    } as u32)
}

/// Reads base64url; padding `=` at the end is accepted, anything else that
/// is not in the alphabet is an error (as is a length of 4k+1).
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let t = text.trim_end_matches('=').as_bytes();
    if t.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(t.len() / 4 * 3 + 2);
    for chunk in t.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= b64_value(c)? << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len() - 1]);
    }
    Some(out)
}

// ---- the record ----

fn put(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

struct Reader<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ShareError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.data.len()).ok_or(ShareError::Malformed("a field is cut short"))?;
        let s = &self.data[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn string(&mut self) -> Result<&'a str, ShareError> {
        let len = self.take(4)?;
        let n = u32::from_le_bytes([len[0], len[1], len[2], len[3]]) as usize;
        std::str::from_utf8(self.take(n)?).map_err(|_| ShareError::Malformed("a text is not UTF-8"))
    }
}

/// The hash (without `#`) for `shared`, or `TooLarge` when a link could not
/// be read back.
pub fn encode(shared: &Shared) -> Result<String, ShareError> {
    let settings = shared.settings.to_compact();
    let mut rec = Vec::new();
    put(&mut rec, &shared.dockerfile);
    match &shared.dockerignore {
        Some(i) => {
            rec.push(1);
            put(&mut rec, i);
        }
        None => rec.push(0),
    }
    put(&mut rec, &settings);
    put(&mut rec, slimfile::VERSION);
    if rec.len() > MAX_DECOMPRESSED {
        return Err(ShareError::TooLarge);
    }
    let packed = miniz_oxide::deflate::compress_to_vec(&rec, 9);
    let hash = format!("{PREFIX}{}", base64url_encode(&packed));
    if hash.len() > MAX_HASH_CHARS {
        return Err(ShareError::HashTooLong(hash.len()));
    }
    Ok(hash)
}

/// Reads a link: a whole URL, `#v1=…` or `v1=…`.
pub fn decode(link: &str) -> Result<Shared, ShareError> {
    decode_with_version(link).map(|(s, _)| s)
}

/// [`decode`], plus the slimfile version that made the link.
pub fn decode_with_version(link: &str) -> Result<(Shared, String), ShareError> {
    let hash = match link.find('#') {
        Some(i) => &link[i + 1..],
        None => link,
    };
    if hash.len() > MAX_HASH_CHARS {
        return Err(ShareError::HashTooLong(hash.len()));
    }
    let Some((version, body)) = hash.split_once('=') else { return Err(ShareError::NotALink) };
    let known_shape = version.len() <= 8
        && version.starts_with('v')
        && version.len() > 1
        && version[1..].bytes().all(|b| b.is_ascii_digit());
    if !known_shape {
        return Err(ShareError::NotALink);
    }
    if version != "v1" {
        return Err(ShareError::UnknownVersion(version.to_string()));
    }
    let packed = base64url_decode(body).ok_or(ShareError::BadEncoding)?;
    let rec = match miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_DECOMPRESSED) {
        Ok(r) => r,
        Err(e) if e.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput => return Err(ShareError::TooLarge),
        Err(_) => return Err(ShareError::BadCompression),
    };
    let mut r = Reader { data: &rec, at: 0 };
    let dockerfile = r.string()?.to_string();
    let dockerignore = match r.take(1)?[0] {
        0 => None,
        1 => Some(r.string()?.to_string()),
        _ => return Err(ShareError::Malformed("bad .dockerignore marker")),
    };
    let settings = Settings::from_compact(r.string()?).map_err(ShareError::BadSettings)?;
    let made_with = r.string()?.to_string();
    Ok((Shared { dockerfile, dockerignore, settings }, made_with))
}

// ---- secrets ----

fn is_token_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// Length of the run of bytes from `at` that satisfy `ok`.
fn run_len(t: &[u8], at: usize, ok: impl Fn(u8) -> bool) -> usize {
    t[at.min(t.len())..].iter().take_while(|&&b| ok(b)).count()
}

/// Token shapes: (prefix, what, minimum length of the rest, allowed chars).
const TOKENS: &[(&str, &str, usize)] = &[
    ("ghp_", "a GitHub token", 30),
    ("gho_", "a GitHub token", 30),
    ("ghu_", "a GitHub token", 30),
    ("ghs_", "a GitHub token", 30),
    ("ghr_", "a GitHub token", 30),
    ("github_pat_", "a GitHub token", 30),
    ("glpat-", "a GitLab token", 20),
    ("xoxb-", "a Slack token", 10),
    ("xoxp-", "a Slack token", 10),
    ("xoxa-", "a Slack token", 10),
    ("sk_live_", "a Stripe secret key", 16),
    ("rk_live_", "a Stripe secret key", 16),
    ("npm_", "an npm token", 36),
    ("AIza", "a Google API key", 35),
    ("hf_", "a Hugging Face token", 30),
    ("sk-", "an API secret key", 32),
];

/// Words that introduce a password or secret value (`password=…`,
/// `--password …` is not caught: a value must follow `=` or `:`).
const SECRET_KEYS: &[&str] = &[
    "password", "passwd", "pwd", "secret", "token", "api_key", "apikey", "access_key", "secret_key", "client_secret",
    "auth_token",
];

/// Places in `text` that look like they hold a secret, with what they look
/// like, sorted by position, not overlapping.
pub fn looks_secret(text: &str) -> Vec<(TextRange, &'static str)> {
    let t = text.as_bytes();
    let mut hits: Vec<(TextRange, &'static str)> = Vec::new();
    let lower = text.to_ascii_lowercase();
    // Private keys: from the BEGIN line to the END line (or the BEGIN line).
    let mut from = 0;
    while let Some(i) = lower[from..].find("-----begin ") {
        let s = from + i;
        let line_end = lower[s..].find('\n').map_or(lower.len(), |e| s + e);
        if lower[s..line_end].contains("private key") {
            let end = match lower[line_end..].find("-----end ") {
                Some(e) => lower[line_end + e..].find('\n').map_or(lower.len(), |n| line_end + e + n),
                None => line_end,
            };
            hits.push((TextRange::new(s, end), "a private key"));
            from = end.max(s + 1);
        } else {
            from = line_end.max(s + 1);
        }
    }
    let mut i = 0;
    while i < t.len() {
        let boundary = i == 0 || !is_token_char(t[i - 1]);
        if boundary {
            // AWS access key ids.
            if (t[i..].starts_with(b"AKIA") || t[i..].starts_with(b"ASIA"))
                && run_len(t, i + 4, |b| b.is_ascii_uppercase() || b.is_ascii_digit()) >= 16
            {
                let n = 4 + run_len(t, i + 4, |b| b.is_ascii_uppercase() || b.is_ascii_digit());
                hits.push((TextRange::new(i, i + n), "an AWS access key id"));
                i += n;
                continue;
            }
            if let Some((p, what, min)) = TOKENS.iter().find(|(p, _, _)| t[i..].starts_with(p.as_bytes())) {
                let n = run_len(t, i + p.len(), is_token_char);
                if n >= *min {
                    hits.push((TextRange::new(i, i + p.len() + n), what));
                    i += p.len() + n;
                    continue;
                }
            }
            // key=value / key: value with a secret-looking key.
            let key_len = run_len(t, i, |b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.');
            if key_len > 0 {
                let key = &lower[i..i + key_len];
                let mut words = key.split(['_', '-', '.']);
                // As the core's SecretsUsedInArgOrEnv: `PASSWORD_FILE` names a file.
                let allowed = key.split(['_', '-', '.']).any(|w| ["public", "file", "path", "version"].contains(&w));
                let secret_key =
                    !allowed && (words.any(|w| SECRET_KEYS.contains(&w)) || SECRET_KEYS.iter().any(|k| key.ends_with(k)));
                let after = i + key_len;
                if secret_key && after < t.len() && (t[after] == b'=' || t[after] == b':') {
                    let mut v = after + 1;
                    v += run_len(t, v, |b| b == b' ' || b == b'"' || b == b'\'');
                    let n = run_len(t, v, |b| !b.is_ascii_whitespace() && b != b'"' && b != b'\'');
                    let value = &text[v..v + n];
                    // A variable (`$PASSWORD`), a placeholder or nothing is no secret.
                    if n >= 4 && !value.starts_with('$') && !value.starts_with('<') {
                        // Name the token when the value has a known shape.
                        let what = TOKENS
                            .iter()
                            .find(|(p, _, min)| value.starts_with(p) && value.len() >= p.len() + min)
                            .map_or("a password or secret value", |(_, w, _)| w);
                        hits.push((TextRange::new(i, v + n), what));
                        i = v + n;
                        continue;
                    }
                }
            }
        }
        // user:password@ in a URL.
        if t[i..].starts_with(b"://") {
            let s = i + 3;
            let n = run_len(t, s, |b| !b.is_ascii_whitespace() && b != b'/' && b != b'@');
            if s + n < t.len() && t[s + n] == b'@' && text[s..s + n].contains(':') {
                let pass = text[s..s + n].split_once(':').map_or("", |(_, p)| p);
                if !pass.is_empty() && !pass.starts_with('$') {
                    hits.push((TextRange::new(s, s + n), "a password in a URL"));
                    i = s + n;
                    continue;
                }
            }
        }
        i += 1;
    }
    hits.extend(secret_env_values(text));
    slimfile::sort::sort_by_key(&mut hits, |(r, _)| (r.start, std::cmp::Reverse(r.end)));
    let mut out: Vec<(TextRange, &'static str)> = Vec::new();
    for h in hits {
        if out.last().is_some_and(|(r, _)| h.0.start < r.end) {
            continue;
        }
        out.push(h);
    }
    out
}

/// ENV/ARG values whose names the core's `SecretsUsedInArgOrEnv` flags
/// (BuildKit's word list), when a value is actually written.
fn secret_env_values(text: &str) -> Vec<(TextRange, &'static str)> {
    const RULE: &str = "SecretsUsedInArgOrEnv";
    if !text.contains("ENV") && !text.contains("ARG") && !text.contains("env") && !text.contains("arg") {
        return Vec::new();
    }
    let config = slimfile::lint::Config {
        ignored: slimfile::rules::all().iter().filter(|r| r.code != RULE).map(|r| r.code.to_string()).collect(),
        ..Default::default()
    };
    let report = slimfile::analyze(&slimfile::Input { dockerfile: text, dockerignore: None, config: Some(&config) });
    let flagged: Vec<TextRange> =
        report.findings.iter().filter(|f| f.diagnostic.code == RULE).map(|f| f.diagnostic.range).collect();
    let mut out = Vec::new();
    for inst in &report.dockerfile.instructions {
        match &inst.args {
            slimfile::Args::KeyValues(kvs) => {
                for kv in kvs {
                    if flagged.contains(&kv.key.range) && !kv.value.value.is_empty() && !kv.value.value.starts_with('$') {
                        out.push((kv.range, "a value of an ENV/ARG with a secret-looking name"));
                    }
                }
            }
            slimfile::Args::List(words) if inst.keyword == slimfile::Keyword::Arg => {
                for w in words {
                    let Some((_, v)) = w.value.split_once('=') else { continue };
                    if !v.is_empty() && !v.starts_with('$') && flagged.iter().any(|r| r.start == w.range.start) {
                        out.push((w.range, "a value of an ENV/ARG with a secret-looking name"));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// A secret found in one of the shared files, for the dialog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecretHit {
    /// `Dockerfile` or `.dockerignore`.
    pub file: &'static str,
    /// 1-based.
    pub line: usize,
    /// What it looks like.
    pub what: &'static str,
    /// The line, with the secret part masked (never shown in full).
    pub masked_line: String,
}

fn mask(text: &str, r: TextRange) -> String {
    let line_start = text[..r.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[r.start..].find('\n').map_or(text.len(), |i| r.start + i);
    let end = r.end.min(line_end);
    let secret = &text[r.start..end];
    let keep: String = secret.chars().take(4).collect();
    let line = format!("{}{keep}…{}", &text[line_start..r.start], &text[end..line_end]);
    line.chars().take(120).collect()
}

/// Everything [`looks_secret`] finds in the shared files.
pub fn secret_hits(shared: &Shared) -> Vec<SecretHit> {
    let mut out = Vec::new();
    let files = [("Dockerfile", Some(shared.dockerfile.as_str())), (".dockerignore", shared.dockerignore.as_deref())];
    for (file, text) in files {
        let Some(text) = text else { continue };
        for (r, what) in looks_secret(text) {
            let line = text[..r.start].matches('\n').count() + 1;
            out.push(SecretHit { file, line, what, masked_line: mask(text, r) });
        }
    }
    out
}
