//! The analysis worker's messages as plain strings: what the page asks the
//! worker ([`Request`]) and what it answers ([`Reply`]). Both sides are this
//! crate (the same wasm file, instantiated twice), so the format is private:
//! numbers in decimal ended by `;`, strings as `<byte length>:<bytes>`.
//! Decoding never panics: anything malformed is `None` (and the page then
//! analyses on its own thread).

use std::rc::Rc;

use slimfile::estimate::{Confidence, ContextFile};
use slimfile::fix::{Applicability, Edit};
use slimfile::highlight::TokenKind;
use slimfile::{Cost, FileKind, Severity, TextRange};

use crate::analysis::{Analysis, DiagnosticRow, FixRow, InstructionRow};
use crate::position::{LineCol, Utf16Range};
use crate::size_view::{PartKind, PartRow, SizeView, StageRow};

/// What the page asks: analyse these texts with these settings (and the
/// build context's listing, for the estimate).
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub dockerfile: String,
    pub dockerignore: String,
    /// [`crate::settings::Settings::to_compact`].
    pub settings: String,
    pub context: Option<Vec<ContextFile>>,
    /// Also send the Dockerfile's highlight ranges (a big file, whose
    /// highlighting the page leaves to the worker).
    pub highlight: bool,
}

/// The worker's answer: everything the page shows of one analysis.
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    pub analysis: Analysis,
    pub size: SizeView,
    pub highlights: Option<Vec<(TextRange, TokenKind)>>,
}

const TOKEN_KINDS: [TokenKind; 9] = [
    TokenKind::Keyword,
    TokenKind::Flag,
    TokenKind::String,
    TokenKind::Variable,
    TokenKind::Comment,
    TokenKind::Directive,
    TokenKind::HeredocMarker,
    TokenKind::HeredocBody,
    TokenKind::Continuation,
];
const SEVERITIES: [Severity; 4] = [Severity::Error, Severity::Warning, Severity::Info, Severity::Style];
const APPLICABILITIES: [Applicability; 3] = [Applicability::Safe, Applicability::Unsafe, Applicability::DisplayOnly];
const CONFIDENCES: [Confidence; 3] = [Confidence::Low, Confidence::Medium, Confidence::High];

fn index_of<T: PartialEq>(all: &[T], x: &T) -> u64 {
    all.iter().position(|y| y == x).unwrap_or(0) as u64
}

#[derive(Default)]
struct W(String);

impl W {
    fn n(&mut self, v: u64) -> &mut Self {
        self.0.push_str(&v.to_string());
        self.0.push(';');
        self
    }
    fn b(&mut self, v: bool) -> &mut Self {
        self.n(u64::from(v))
    }
    fn s(&mut self, v: &str) -> &mut Self {
        self.0.push_str(&v.len().to_string());
        self.0.push(':');
        self.0.push_str(v);
        self
    }
    fn opt_s(&mut self, v: Option<&str>) -> &mut Self {
        match v {
            Some(v) => self.b(true).s(v),
            None => self.b(false),
        }
    }
    fn range(&mut self, r: TextRange) -> &mut Self {
        self.n(r.start as u64).n(r.end as u64)
    }
}

struct R<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> R<'a> {
    fn n(&mut self) -> Option<u64> {
        let rest = self.text.get(self.at..)?;
        let end = rest.find(';')?;
        let v = rest[..end].parse().ok()?;
        self.at += end + 1;
        Some(v)
    }
    fn u(&mut self) -> Option<usize> {
        usize::try_from(self.n()?).ok()
    }
    fn b(&mut self) -> Option<bool> {
        match self.n()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
    fn s(&mut self) -> Option<&'a str> {
        let rest = self.text.get(self.at..)?;
        let colon = rest.find(':')?;
        let len: usize = rest[..colon].parse().ok()?;
        let start = self.at + colon + 1;
        let v = self.text.get(start..start.checked_add(len)?)?;
        self.at = start + len;
        Some(v)
    }
    fn opt_s(&mut self) -> Option<Option<String>> {
        Some(if self.b()? { Some(self.s()?.to_string()) } else { None })
    }
    fn range(&mut self) -> Option<TextRange> {
        let (start, end) = (self.u()?, self.u()?);
        (start <= end).then(|| TextRange::new(start, end))
    }
    fn pick<T: Copy>(&mut self, all: &[T]) -> Option<T> {
        all.get(self.u()?).copied()
    }
    /// A count of items, each at least `min_bytes` long: a count the rest
    /// of the text cannot hold is malformed (no huge allocation).
    fn count(&mut self, min_bytes: usize) -> Option<usize> {
        let n = self.u()?;
        (n.saturating_mul(min_bytes) <= self.text.len() - self.at).then_some(n)
    }
    fn done(&self) -> bool {
        self.at == self.text.len()
    }
}

impl Request {
    pub fn encode(&self) -> String {
        let mut w = W::default();
        w.s(&self.dockerfile).s(&self.dockerignore).s(&self.settings).b(self.highlight);
        match &self.context {
            Some(files) => {
                w.b(true).n(files.len() as u64);
                for f in files {
                    w.s(&f.path).n(f.size);
                }
            }
            None => {
                w.b(false);
            }
        }
        w.0
    }

    pub fn decode(text: &str) -> Option<Request> {
        let mut r = R { text, at: 0 };
        let dockerfile = r.s()?.to_string();
        let dockerignore = r.s()?.to_string();
        let settings = r.s()?.to_string();
        let highlight = r.b()?;
        let context = if r.b()? {
            let n = r.count(4)?;
            let mut files = Vec::with_capacity(n);
            for _ in 0..n {
                let path = r.s()?.to_string();
                files.push(ContextFile::new(path, r.n()?));
            }
            Some(files)
        } else {
            None
        };
        r.done().then_some(Request { dockerfile, dockerignore, settings, context, highlight })
    }
}

impl Reply {
    pub fn encode(&self) -> String {
        let mut w = W::default();
        let a = &self.analysis;
        w.n(a.instructions.len() as u64);
        for i in &a.instructions {
            w.s(&i.keyword).b(i.known).n(i.start_line as u64).n(i.end_line as u64);
            w.n(u64::from(i.selection.start)).n(u64::from(i.selection.end));
        }
        w.n(a.diagnostics.len() as u64);
        for d in &a.diagnostics {
            w.b(d.file == FileKind::Dockerignore).n(index_of(&SEVERITIES, &d.severity)).s(&d.code).s(&d.message);
            w.opt_s(d.note.as_deref()).opt_s(d.fix_title.as_deref());
            match &d.fix {
                Some(f) => {
                    w.b(true).s(&f.title).n(index_of(&APPLICABILITIES, &f.applicability)).n(f.edits.len() as u64);
                    for e in &f.edits {
                        w.range(e.range).s(&e.replacement);
                    }
                }
                None => {
                    w.b(false);
                }
            }
            match &d.cost {
                Some(c) => w.b(true).n(c.compressed_bytes).n(c.uncompressed_bytes),
                None => w.b(false),
            };
            w.range(d.range).n(d.at.line as u64).n(d.at.column as u64).n(d.end.line as u64).n(d.end.column as u64);
            w.n(u64::from(d.selection.start)).n(u64::from(d.selection.end));
        }
        let s = &self.size;
        w.n(s.stages.len() as u64);
        for st in &s.stages {
            w.s(&st.label).n(st.parts.len() as u64);
            for p in &st.parts {
                w.n(p.stage as u64).b(p.kind == PartKind::Added).s(&p.label).s(&p.snippet);
                match p.line {
                    Some(l) => w.b(true).n(l as u64),
                    None => w.b(false),
                };
                match p.range {
                    Some(r) => w.b(true).range(r),
                    None => w.b(false),
                };
                w.b(p.known).n(p.compressed).n(p.uncompressed).n(p.low).n(p.high);
                w.n(index_of(&CONFIDENCES, &p.confidence)).s(&p.explanation);
            }
        }
        w.n(s.total_compressed).n(s.total_uncompressed).n(s.total_low).n(s.total_high).n(s.unknown_parts as u64);
        w.n(s.notes.len() as u64);
        for note in &s.notes {
            w.s(note);
        }
        match &self.highlights {
            Some(h) => {
                w.b(true).n(h.len() as u64);
                for (r, k) in h {
                    w.range(*r).n(index_of(&TOKEN_KINDS, k));
                }
            }
            None => {
                w.b(false);
            }
        }
        w.n(s.missing_data.len() as u64);
        for m in &s.missing_data {
            w.s(m);
        }
        w.0
    }

    /// The reply; `dockerfile` and `dockerignore` are the texts of the
    /// request it answers (the reply does not repeat them).
    pub fn decode(text: &str, dockerfile: Rc<str>, dockerignore: Rc<str>) -> Option<Reply> {
        let mut r = R { text, at: 0 };
        let n = r.count(10)?;
        let mut instructions = Vec::with_capacity(n);
        for _ in 0..n {
            instructions.push(InstructionRow {
                keyword: r.s()?.to_string(),
                known: r.b()?,
                start_line: r.u()?,
                end_line: r.u()?,
                selection: Utf16Range { start: r.n()? as u32, end: r.n()? as u32 },
            });
        }
        let n = r.count(30)?;
        let mut diagnostics = Vec::with_capacity(n);
        for _ in 0..n {
            let file = if r.b()? { FileKind::Dockerignore } else { FileKind::Dockerfile };
            let severity = r.pick(&SEVERITIES)?;
            let code = r.s()?.to_string();
            let message = r.s()?.to_string();
            let note = r.opt_s()?;
            let fix_title = r.opt_s()?;
            let fix = if r.b()? {
                let title = r.s()?.to_string();
                let applicability = r.pick(&APPLICABILITIES)?;
                let k = r.count(5)?;
                let mut edits = Vec::with_capacity(k);
                for _ in 0..k {
                    edits.push(Edit { range: r.range()?, replacement: r.s()?.to_string() });
                }
                Some(FixRow { title, applicability, edits })
            } else {
                None
            };
            let cost = if r.b()? { Some(Cost { compressed_bytes: r.n()?, uncompressed_bytes: r.n()? }) } else { None };
            diagnostics.push(DiagnosticRow {
                file,
                severity,
                code,
                message,
                note,
                fix_title,
                fix,
                cost,
                range: r.range()?,
                at: LineCol { line: r.u()?, column: r.u()? },
                end: LineCol { line: r.u()?, column: r.u()? },
                selection: Utf16Range { start: r.n()? as u32, end: r.n()? as u32 },
            });
        }
        let n = r.count(4)?;
        let mut stages = Vec::with_capacity(n);
        for _ in 0..n {
            let label = r.s()?.to_string();
            let k = r.count(30)?;
            let mut parts = Vec::with_capacity(k);
            for _ in 0..k {
                parts.push(PartRow {
                    stage: r.u()?,
                    kind: if r.b()? { PartKind::Added } else { PartKind::Base },
                    label: r.s()?.to_string(),
                    snippet: r.s()?.to_string(),
                    line: if r.b()? { Some(r.u()?) } else { None },
                    range: if r.b()? { Some(r.range()?) } else { None },
                    known: r.b()?,
                    compressed: r.n()?,
                    uncompressed: r.n()?,
                    low: r.n()?,
                    high: r.n()?,
                    confidence: r.pick(&CONFIDENCES)?,
                    explanation: r.s()?.to_string(),
                });
            }
            stages.push(StageRow { label, parts });
        }
        let (total_compressed, total_uncompressed, total_low, total_high, unknown_parts) = (r.n()?, r.n()?, r.n()?, r.n()?, r.u()?);
        let n = r.count(2)?;
        let mut notes = Vec::with_capacity(n);
        for _ in 0..n {
            notes.push(r.s()?.to_string());
        }
        let highlights = if r.b()? {
            let n = r.count(6)?;
            let mut h = Vec::with_capacity(n);
            for _ in 0..n {
                h.push((r.range()?, r.pick(&TOKEN_KINDS)?));
            }
            Some(h)
        } else {
            None
        };
        let n = r.count(2)?;
        let mut missing_data = Vec::with_capacity(n);
        for _ in 0..n {
            missing_data.push(r.s()?.to_string());
        }
        if !r.done() {
            return None;
        }
        let analysis = Analysis { dockerfile, dockerignore, instructions, diagnostics };
        let size = SizeView { stages, total_compressed, total_uncompressed, total_low, total_high, unknown_parts, notes, missing_data };
        Some(Reply { analysis, size, highlights })
    }
}

/// What the worker does with a request: the same calls the page makes on
/// its own thread ([`Analysis::of_config`], [`crate::state::size_of`]).
pub fn answer(request: &Request) -> Reply {
    let settings = crate::settings::Settings::from_compact(&request.settings).unwrap_or_default();
    let config = settings.to_config().0;
    let analysis = Analysis::of_config(&request.dockerfile, &request.dockerignore, Some(&config));
    let listing = request.context.as_ref().map(|files| crate::context::Listing {
        root: String::new(),
        files: files.clone(),
        dockerignore: None,
        truncated: false,
    });
    let size = crate::state::size_of(&request.dockerfile, &request.dockerignore, listing.as_ref());
    let highlights = request.highlight.then(|| slimfile::highlight::highlight(&request.dockerfile));
    Reply { analysis, size, highlights }
}
