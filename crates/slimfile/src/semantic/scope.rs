//! ARG/ENV scoping computed once per file, so that asking for the variables
//! of an instruction costs nothing in the size of the file.
//!
//! Every declaration goes, in file order, into a *log*: one for the meta ARGs
//! (after the predefined platform args), one per stage, and one for
//! hadolint's loose reading of the lines before the first FROM. A [`Scope`]
//! is a position in one or two logs plus variables added on top; a lookup is
//! a binary search in the name's declarations of that log. A stage built
//! `FROM` an earlier stage falls back to the parent's log, where only an ENV
//! counts (an ARG ends the search: it replaced any inherited ENV of that name
//! and ARGs do not carry over).

use std::collections::HashMap;
use std::sync::Arc;

use super::{arg_decls, Var, VarKind, PREDEFINED_PLATFORM_ARGS};
use crate::ast::{Args, Dockerfile, Keyword};
use crate::expand::{Env, Lexer};

/// The meta log: predefined platform args, then the ARGs before the first FROM.
pub(crate) const META: usize = 0;
/// Hadolint's loose reading of the instructions before the first FROM.
const LOOSE: usize = 1;
/// The log of stage `s` is `STAGE0 + s`.
const STAGE0: usize = 2;

#[derive(Debug, Default)]
struct Log {
    /// For each name, its declarations: (position in the log, index in `decls`).
    names: HashMap<String, Vec<(u32, u32)>>,
    len: u32,
    /// The log whose ENVs this one inherits (`FROM <stage>`).
    parent: Option<usize>,
}

impl Log {
    fn last_before(&self, pos: u32, name: &str) -> Option<usize> {
        let list = self.names.get(name)?;
        let n = list.partition_point(|&(p, _)| p < pos);
        n.checked_sub(1).map(|i| list[i].1 as usize)
    }
}

/// Every declaration of a file and where each instruction stands.
#[derive(Debug, Default)]
pub(crate) struct ScopeTable {
    decls: Vec<Var>,
    logs: Vec<Log>,
    /// Per instruction: its log and position (declarations before it).
    at: Vec<(usize, u32)>,
    /// Per instruction before the first FROM: position in the loose log.
    loose_at: Vec<u32>,
    /// Per name, the first `ARG name=value` of the file (raw value).
    first_arg_default: HashMap<String, usize>,
}

/// A position in one log, for expanding while the table is being built.
struct View<'a> {
    table: &'a ScopeTable,
    log: usize,
    pos: u32,
}

impl Env for View<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        self.table.find(self.log, self.pos, name).and_then(|v| v.value.as_deref())
    }
}

impl ScopeTable {
    fn push(&mut self, log: usize, var: Var) {
        let l = &mut self.logs[log];
        l.names.entry(var.name.clone()).or_default().push((l.len, self.decls.len() as u32));
        l.len += 1;
        self.decls.push(var);
    }

    fn len(&self, log: usize) -> u32 {
        self.logs[log].len
    }

    /// The visible declaration of `name` at `pos` in `log` (following the
    /// inheritance of ENV from parent stages).
    fn find(&self, log: usize, pos: u32, name: &str) -> Option<&Var> {
        let l = self.logs.get(log)?;
        if let Some(d) = l.last_before(pos, name) {
            return Some(&self.decls[d]);
        }
        let mut parent = l.parent;
        while let Some(p) = parent {
            let l = &self.logs[p];
            if let Some(d) = l.last_before(u32::MAX, name) {
                let v = &self.decls[d];
                return (v.kind == VarKind::Env).then_some(v);
            }
            parent = l.parent;
        }
        None
    }

    /// The meta log: predefined args and the ARGs before the first FROM
    /// (defaults expanded with the args before them). Returns the meta ARGs.
    pub(crate) fn new_with_meta(df: &Dockerfile, first_from: usize) -> (ScopeTable, Vec<Var>) {
        let lexer = Lexer::new(df.escape);
        let mut t = ScopeTable {
            logs: vec![Log::default(), Log::default()],
            at: vec![(META, 0); df.instructions.len()],
            ..ScopeTable::default()
        };
        for (n, v) in PREDEFINED_PLATFORM_ARGS {
            t.push(META, Var { name: n.into(), value: Some(v.into()), kind: VarKind::Predefined, instruction: None, range: None });
        }
        let mut meta = Vec::new();
        for (idx, inst) in df.instructions.iter().enumerate().take(first_from) {
            t.at[idx] = (META, t.len(META));
            t.loose_at.push(t.len(LOOSE));
            if inst.keyword == Keyword::Arg {
                for (name, default, range) in arg_decls(&inst.args) {
                    let value = default.map(|d| {
                        let view = View { table: &t, log: META, pos: t.len(META) };
                        lexer.process_word(&d, &view).map(|e| e.value).unwrap_or(d)
                    });
                    let var = Var { name, value, kind: VarKind::MetaArg, instruction: Some(idx), range: Some(range) };
                    meta.push(var.clone());
                    t.push(META, var);
                }
            }
            // Hadolint reads ENV and ARG values before any FROM as written.
            match (&inst.effective().keyword, &inst.effective().args) {
                (Keyword::Env, Args::KeyValues(kvs)) => {
                    for kv in kvs {
                        let value = Some(kv.value.value.trim_matches('"').to_string());
                        let var = Var {
                            name: kv.key.value.clone(),
                            value,
                            kind: VarKind::Env,
                            instruction: Some(idx),
                            range: Some(kv.key.range),
                        };
                        t.push(LOOSE, var);
                    }
                }
                (Keyword::Arg, Args::List(words)) => {
                    for w in words {
                        if let Some((n, v)) = w.value.split_once('=') {
                            let value = Some(v.trim_matches('"').to_string());
                            let var =
                                Var { name: n.to_string(), value, kind: VarKind::Arg, instruction: Some(idx), range: Some(w.range) };
                            t.push(LOOSE, var);
                        }
                    }
                }
                _ => {}
            }
        }
        for (idx, inst) in df.instructions.iter().enumerate() {
            let (Keyword::Arg, Args::List(words)) = (&inst.effective().keyword, &inst.effective().args) else { continue };
            for w in words {
                let Some((n, v)) = w.value.split_once('=') else { continue };
                if !t.first_arg_default.contains_key(n) {
                    t.first_arg_default.insert(n.to_string(), t.decls.len());
                    let value = Some(v.trim_matches('"').to_string());
                    let var = Var { name: n.to_string(), value, kind: VarKind::Arg, instruction: Some(idx), range: Some(w.range) };
                    t.decls.push(var);
                }
            }
        }
        (t, meta)
    }

    /// Adds a stage's log: `parent` is the stage it is built FROM.
    pub(crate) fn add_stage(&mut self, df: &Dockerfile, stage: usize, parent: Option<usize>, instructions: std::ops::Range<usize>) {
        let lexer = Lexer::new(df.escape);
        let log = STAGE0 + stage;
        debug_assert_eq!(self.logs.len(), log);
        self.logs.push(Log { parent: parent.map(|p| STAGE0 + p), ..Log::default() });
        let first = instructions.start;
        for idx in instructions {
            self.at[idx] = (log, self.len(log));
            if idx == first {
                continue;
            }
            let inst = &df.instructions[idx];
            match (&inst.keyword, &inst.args) {
                (Keyword::Arg, _) => {
                    for (name, default, range) in arg_decls(&inst.args) {
                        let value = match default {
                            Some(d) => {
                                let view = View { table: self, log, pos: self.len(log) };
                                Some(lexer.process_word(&d, &view).map(|e| e.value).unwrap_or(d))
                            }
                            None => self.find(META, u32::MAX, &name).and_then(|g| g.value.clone()),
                        };
                        self.push(log, Var { name, value, kind: VarKind::Arg, instruction: Some(idx), range: Some(range) });
                    }
                }
                (Keyword::Env, Args::KeyValues(kvs)) => {
                    // All pairs of one ENV expand with the scope before it.
                    let before = self.len(log);
                    for kv in kvs {
                        let view = View { table: self, log, pos: before };
                        let value =
                            lexer.process_word(&kv.value.value, &view).map(|e| e.value).unwrap_or_else(|_| kv.value.value.clone());
                        let var = Var {
                            name: kv.key.value.clone(),
                            value: Some(value),
                            kind: VarKind::Env,
                            instruction: Some(idx),
                            range: Some(kv.key.range),
                        };
                        self.push(log, var);
                    }
                }
                _ => {}
            }
        }
    }

    /// The predefined and meta ARGs, as FROM lines expand with them.
    pub(crate) fn meta_env(&self) -> impl Env + '_ {
        View { table: self, log: META, pos: u32::MAX }
    }

    pub(crate) fn scope_at(self: &Arc<Self>, instruction: usize) -> Scope {
        let (log, pos) = self.at.get(instruction).copied().unwrap_or((META, u32::MAX));
        Scope { vars: Vec::new(), base: Some(self.clone()), layers: [Some((log, pos)), None] }
    }

    pub(crate) fn loose_scope_at(self: &Arc<Self>, instruction: usize) -> Scope {
        let mut s = self.scope_at(instruction);
        if let Some(&pos) = self.loose_at.get(instruction) {
            s.layers = [Some((LOOSE, pos)), s.layers[0]];
        }
        s
    }

    pub(crate) fn first_arg_default(&self, name: &str) -> Option<&Var> {
        self.first_arg_default.get(name).map(|&d| &self.decls[d])
    }
}

/// Variables visible at a point: those in `vars` (later ones shadowing
/// earlier ones) over a position in the file's scope table.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    /// Variables added on top of the file's declarations.
    pub vars: Vec<Var>,
    base: Option<Arc<ScopeTable>>,
    /// Positions in the table's logs, searched in order.
    layers: [Option<(usize, u32)>; 2],
}

impl Scope {
    /// The visible declaration of a name.
    pub fn get_var(&self, name: &str) -> Option<&Var> {
        if let Some(v) = self.vars.iter().rev().find(|v| v.name == name) {
            return Some(v);
        }
        let table = self.base.as_ref()?;
        self.layers.iter().flatten().find_map(|&(log, pos)| table.find(log, pos, name))
    }
}

impl PartialEq for Scope {
    fn eq(&self, other: &Scope) -> bool {
        let same_base = match (&self.base, &other.base) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        same_base && self.vars == other.vars && self.layers == other.layers
    }
}

impl Eq for Scope {}

impl Env for Scope {
    fn get(&self, name: &str) -> Option<&str> {
        self.get_var(name).and_then(|v| v.value.as_deref())
    }
}
