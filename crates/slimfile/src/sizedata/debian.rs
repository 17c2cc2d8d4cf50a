//! Debian package metadata (`data/debian-<suite>.pkgs`) and dependency closures.

/// Debian's `Priority` field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Priority {
    Required,
    Important,
    Standard,
    Optional,
    Extra,
}

#[derive(Clone, Debug)]
struct Pkg<'a> {
    name: &'a str,
    installed_kib: u32,
    deb_kib: u32,
    priority: Priority,
    essential: bool,
    minbase: bool,
    deps: (u32, u32),
    recs: (u32, u32),
}

/// The packages of one Debian suite that slimfile embeds: the closure over
/// Depends + Pre-Depends + Recommends of what Dockerfiles commonly install
/// (see the header of `data/debian-<suite>.pkgs` for the selection), with
/// dependencies already resolved to one concrete package each.
#[derive(Debug)]
pub struct PackageDb {
    suite: &'static str,
    provenance: &'static str,
    pkgs: Vec<Pkg<'static>>,
    edges: Vec<u32>,
    /// Every name a lookup knows: (package name, its number) for each
    /// package, then (virtual name, provider's number) for the virtual names
    /// that are not package names.
    keys: Vec<(&'static str, u32)>,
    /// Open-addressing hash index over `keys` (FNV-1a, linear probing; a
    /// power of two at least twice as long as `keys`): `k + 1` for
    /// `keys[k]`, 0 for an empty slot.
    slots: Vec<u32>,
}

/// One package of a [`PackageDb`].
#[derive(Clone, Copy, Debug)]
pub struct Package<'db> {
    db: &'db PackageDb,
    id: u32,
}

impl<'db> Package<'db> {
    fn pkg(&self) -> &'db Pkg<'static> {
        &self.db.pkgs[self.id as usize]
    }
    pub fn name(&self) -> &'static str {
        self.pkg().name
    }
    /// `Installed-Size`, in KiB.
    pub fn installed_kib(&self) -> u32 {
        self.pkg().installed_kib
    }
    /// Size of the `.deb` file, in KiB (rounded up).
    pub fn deb_kib(&self) -> u32 {
        self.pkg().deb_kib
    }
    pub fn priority(&self) -> Priority {
        self.pkg().priority
    }
    pub fn essential(&self) -> bool {
        self.pkg().essential
    }
    /// In the minbase set (what `debian:<suite>` and `<suite>-slim` contain).
    pub fn in_minbase(&self) -> bool {
        self.pkg().minbase
    }
    /// Depends + Pre-Depends, one concrete package per dependency group.
    pub fn depends(&self) -> impl Iterator<Item = &'static str> + 'db {
        let db = self.db;
        db.edge_slice(self.pkg().deps)
            .iter()
            .map(move |&i| db.pkgs[i as usize].name)
    }
    /// Recommends that are not already in [`Package::depends`].
    pub fn recommends(&self) -> impl Iterator<Item = &'static str> + 'db {
        let db = self.db;
        db.edge_slice(self.pkg().recs)
            .iter()
            .map(move |&i| db.pkgs[i as usize].name)
    }
}

/// A set of packages of one [`PackageDb`] (e.g. what a base image already has).
#[derive(Clone, Debug)]
pub struct PackageSet<'db> {
    db: &'db PackageDb,
    bits: Vec<u64>,
    len: usize,
}

impl<'db> PackageSet<'db> {
    fn new(db: &'db PackageDb) -> Self {
        PackageSet {
            db,
            bits: vec![0; db.pkgs.len().div_ceil(64)],
            len: 0,
        }
    }
    fn has(&self, id: u32) -> bool {
        self.bits
            .get(id as usize / 64)
            .is_some_and(|w| w & (1 << (id % 64)) != 0)
    }
    fn add(&mut self, id: u32) -> bool {
        match self.bits.get_mut(id as usize / 64) {
            Some(w) if *w & (1 << (id % 64)) == 0 => {
                *w |= 1 << (id % 64);
                self.len += 1;
                true
            }
            _ => false,
        }
    }
    /// The database the set belongs to.
    pub fn db(&self) -> &'db PackageDb {
        self.db
    }
    pub fn len(&self) -> usize {
        self.len
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    /// Whether the package (or the provider of the virtual name) is in the set.
    pub fn contains(&self, name: &str) -> bool {
        self.db.id_of(name).is_some_and(|id| self.has(id))
    }
    /// Adds a package by name; false if unknown or already present.
    pub fn insert(&mut self, name: &str) -> bool {
        self.db.id_of(name).is_some_and(|id| self.add(id))
    }
    /// Adds every package of a closure (to chain `RUN` layers).
    pub fn extend_from(&mut self, closure: &Closure) {
        if closure.db == self.db as *const PackageDb as usize {
            for &id in &closure.ids {
                self.add(id);
            }
        } else {
            for name in &closure.packages {
                self.insert(name);
            }
        }
    }
    /// Whether a package of the set's database is in the set (no name lookup).
    pub fn contains_package(&self, p: Package) -> bool {
        std::ptr::eq(p.db, self.db) && self.has(p.id)
    }
    /// Adds a package of the set's database (no name lookup); false if
    /// already present or from another database.
    pub fn insert_package(&mut self, p: Package) -> bool {
        std::ptr::eq(p.db, self.db) && self.add(p.id)
    }
    /// The names, sorted.
    pub fn names(&self) -> Vec<&'static str> {
        (0..self.db.pkgs.len() as u32)
            .filter(|&i| self.has(i))
            .map(|i| self.db.pkgs[i as usize].name)
            .collect()
    }
    /// Σ Installed-Size of the set, in bytes.
    pub fn installed_bytes(&self) -> u64 {
        (0..self.db.pkgs.len() as u32)
            .filter(|&i| self.has(i))
            .map(|i| u64::from(self.db.pkgs[i as usize].installed_kib) * 1024)
            .sum()
    }
}

/// What `apt-get install` of some names adds on top of a set of installed
/// packages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Closure {
    /// Newly installed packages, sorted by name.
    pub packages: Vec<&'static str>,
    /// Σ Installed-Size of `packages`, in bytes (KiB × 1024).
    pub installed_bytes: u64,
    /// Σ `.deb` sizes of `packages`, in bytes (KiB × 1024, each rounded up).
    pub deb_bytes: u64,
    /// Requested names the data does not know: not in the suite, or outside
    /// the embedded selection (the data holds a closure of commonly installed
    /// packages, not the whole archive).
    pub missing: Vec<String>,
    /// The package numbers of `packages` in the database at address `db`
    /// (so that sets of that database take them without name lookups).
    ids: Vec<u32>,
    db: usize,
}

/// Strips what apt accepts around a package name: `=version`, `/release`,
/// `:arch` (none of these characters occurs in Debian package names; `+`
/// does, as in `g++`, so apt's `name+` install marker is not stripped).
pub fn normalize_name(raw: &str) -> &str {
    let mut s = raw.trim();
    for sep in ['=', '/', ':'] {
        if let Some(i) = s.find(sep) {
            s = &s[..i];
        }
    }
    s
}

impl PackageDb {
    /// Parses the `.pkgs` format. Malformed lines are skipped, dependency
    /// numbers out of range are dropped; `None` when no package line parses.
    pub fn parse(suite: &'static str, text: &'static str) -> Option<PackageDb> {
        let mut provenance = "";
        let mut pkgs: Vec<Pkg> = Vec::with_capacity(text.len() / 32);
        // Every package line's dependency numbers, one after the other
        // (`Pkg::deps`/`recs` index into it until the edges are built).
        let mut raw: Vec<u32> = Vec::with_capacity(text.len() / 4);
        let mut virtual_lines: Vec<(&'static str, u32)> = Vec::new();
        let mut in_virtuals = false;
        for line in lines(text) {
            match read_line(line, in_virtuals, &mut raw) {
                Line::Provenance(p) => provenance = p,
                Line::Skip | Line::Malformed => {}
                Line::VirtualStart => in_virtuals = true,
                Line::Virtual(name, id) => virtual_lines.push((name, id)),
                Line::Package(pkg) => pkgs.push(pkg),
            }
        }
        if pkgs.is_empty() {
            return None;
        }
        // Package numbers refer to package lines; a skipped (malformed) line
        // shifts them, which the range check below cannot detect. The
        // generator writes well-formed files, so this only limits the damage.
        let n = pkgs.len() as u32;
        let mut edges = Vec::with_capacity(raw.len());
        let slice = |(start, len): (u32, u32)| &raw[start as usize..(start + len) as usize];
        for pkg in &mut pkgs {
            let start = edges.len() as u32;
            edges.extend(slice(pkg.deps).iter().copied().filter(|&i| i < n));
            let deps = (start, edges.len() as u32 - start);
            let start = edges.len() as u32;
            edges.extend(slice(pkg.recs).iter().copied().filter(|&i| i < n));
            pkg.recs = (start, edges.len() as u32 - start);
            pkg.deps = deps;
        }
        // A small hash index of its own rather than a HashMap: less code in
        // the wasm, and a lookup is one hash and (nearly always) one string
        // comparison.
        let mut keys: Vec<(&'static str, u32)> = pkgs
            .iter()
            .enumerate()
            .map(|(i, p)| (p.name, i as u32))
            .collect();
        let cap = (2 * (keys.len() + virtual_lines.len())).next_power_of_two();
        let mut slots = vec![0u32; cap];
        let place = |keys: &Vec<(&'static str, u32)>, slots: &mut Vec<u32>, k: usize| -> bool {
            let name = keys[k].0;
            let mut i = fnv(name) as usize & (cap - 1);
            loop {
                match slots[i] {
                    0 => {
                        slots[i] = k as u32 + 1;
                        return true;
                    }
                    // The first line with a name wins.
                    e if keys[e as usize - 1].0 == name => return false,
                    _ => i = (i + 1) & (cap - 1),
                }
            }
        };
        for k in 0..keys.len() {
            place(&keys, &mut slots, k);
        }
        for (name, id) in virtual_lines.into_iter().filter(|&(_, id)| id < n) {
            keys.push((name, id));
            if !place(&keys, &mut slots, keys.len() - 1) {
                keys.pop();
            }
        }
        Some(PackageDb {
            suite,
            provenance,
            pkgs,
            edges,
            keys,
            slots,
        })
    }

    fn edge_slice(&self, (start, len): (u32, u32)) -> &[u32] {
        self.edges
            .get(start as usize..(start + len) as usize)
            .unwrap_or(&[])
    }

    fn id_of(&self, name: &str) -> Option<u32> {
        let name = normalize_name(name);
        let mask = self.slots.len().checked_sub(1)?;
        let mut i = fnv(name) as usize & mask;
        loop {
            let e = *self.slots.get(i)?;
            let (key, id) = *self.keys.get(e.checked_sub(1)? as usize)?;
            if key == name {
                return Some(id);
            }
            i = (i + 1) & mask;
        }
    }

    /// `bookworm`, `trixie`.
    pub fn suite(&self) -> &'static str {
        self.suite
    }
    /// The provenance line of the data file (archive URL, release date, hash).
    pub fn provenance(&self) -> &'static str {
        self.provenance
    }
    /// Number of packages in the embedded selection.
    pub fn len(&self) -> usize {
        self.pkgs.len()
    }
    pub fn is_empty(&self) -> bool {
        self.pkgs.is_empty()
    }
    /// A package by name; a virtual name (`awk`) gives its chosen provider;
    /// `=version`, `/release` and `:arch` suffixes are ignored.
    pub fn get(&self, name: &str) -> Option<Package<'_>> {
        self.id_of(name).map(|id| Package { db: self, id })
    }
    /// Every package, sorted by name.
    pub fn packages(&self) -> impl Iterator<Item = Package<'_>> {
        (0..self.pkgs.len() as u32).map(move |id| Package { db: self, id })
    }
    /// An empty set.
    pub fn empty_set(&self) -> PackageSet<'_> {
        PackageSet::new(self)
    }
    /// The minbase set: Essential + Priority required + apt, closed over
    /// Depends. That is the package list of `debian:<suite>` and
    /// `debian:<suite>-slim` (checked against docker-library/repo-info's dpkg
    /// lists: 88 packages on bookworm, 78 on trixie).
    pub fn minbase(&self) -> PackageSet<'_> {
        let mut set = PackageSet::new(self);
        for (i, p) in self.pkgs.iter().enumerate() {
            if p.minbase {
                set.add(i as u32);
            }
        }
        set
    }
    /// A set from names; unknown names are ignored.
    pub fn set_of<'a>(&self, names: impl IntoIterator<Item = &'a str>) -> PackageSet<'_> {
        let mut set = PackageSet::new(self);
        for n in names {
            set.insert(n);
        }
        set
    }

    /// What `apt-get install <names>` adds when `already_installed` is
    /// present: the requested packages and their Depends/Pre-Depends (and
    /// Recommends of every newly installed package when `recommends`), minus
    /// what is already installed. Installed packages are not expanded (apt
    /// assumes their dependencies are satisfied). A set from another database
    /// is matched by name.
    pub fn install_closure(
        &self,
        names: &[&str],
        recommends: bool,
        already_installed: &PackageSet,
    ) -> Closure {
        let installed = if std::ptr::eq(already_installed.db, self) {
            already_installed.clone()
        } else {
            self.set_of(already_installed.names())
        };
        let mut seen = PackageSet::new(self);
        let mut stack = Vec::new();
        let mut missing = Vec::new();
        for raw in names {
            match self.id_of(raw) {
                Some(id) => stack.push(id),
                None => {
                    let n = normalize_name(raw).to_string();
                    if !n.is_empty() && !missing.contains(&n) {
                        missing.push(n);
                    }
                }
            }
        }
        while let Some(id) = stack.pop() {
            if installed.has(id) || !seen.add(id) {
                continue;
            }
            let Some(p) = self.pkgs.get(id as usize) else {
                continue;
            };
            stack.extend(self.edge_slice(p.deps).iter().copied());
            if recommends {
                stack.extend(self.edge_slice(p.recs).iter().copied());
            }
        }
        let mut out = Closure {
            missing,
            db: self as *const PackageDb as usize,
            ..Closure::default()
        };
        for (i, p) in self.pkgs.iter().enumerate() {
            if seen.has(i as u32) {
                out.ids.push(i as u32);
                out.packages.push(p.name);
                out.installed_bytes += u64::from(p.installed_kib) * 1024;
                out.deb_bytes += u64::from(p.deb_kib) * 1024;
            }
        }
        out
    }
}


/// One line of a `.pkgs` file, read the same way by [`PackageDb::parse`] and
/// [`validate`].
enum Line<'a> {
    Provenance(&'a str),
    /// A comment or a blank line.
    Skip,
    VirtualStart,
    Virtual(&'a str, u32),
    /// A package line. Its depends and recommends were appended to the
    /// buffer `read_line` was given; `deps` and `recs` are (start, length)
    /// in that buffer.
    Package(Pkg<'a>),
    Malformed,
}

/// Reads one line; a package line's dependency numbers go to `ids` (nothing
/// is left there for any other line).
fn read_line<'a>(line: &'a str, in_virtuals: bool, ids: &mut Vec<u32>) -> Line<'a> {
    if let Some(rest) = line.strip_prefix("# provenance: ") {
        return Line::Provenance(rest);
    }
    if line.starts_with('#') || line.trim().is_empty() {
        return Line::Skip;
    }
    if line == "@virtual" {
        return Line::VirtualStart;
    }
    let mut f = split_ascii(line, b' ');
    if in_virtuals {
        return match (f.next(), f.next(), f.next()) {
            (Some(name), Some(id), None) => b36(id).map_or(Line::Malformed, |id| Line::Virtual(name, id)),
            _ => Line::Malformed,
        };
    }
    let (Some(name), Some(inst), Some(deb), Some(flags), Some(deps), Some(recs), None) =
        (f.next(), f.next(), f.next(), f.next(), f.next(), f.next(), f.next())
    else {
        return Line::Malformed;
    };
    let (Ok(installed_kib), Ok(deb_kib)) = (inst.parse::<u32>(), deb.parse::<u32>()) else {
        return Line::Malformed;
    };
    let priority = match flags.as_bytes().first() {
        Some(b'r') => Priority::Required,
        Some(b'i') => Priority::Important,
        Some(b's') => Priority::Standard,
        Some(b'o') => Priority::Optional,
        Some(b'x') => Priority::Extra,
        _ => return Line::Malformed,
    };
    let mark = ids.len();
    let mut list = |s: &str| -> Option<(u32, u32)> {
        let start = ids.len();
        if s != "-" {
            for part in split_ascii(s, b',') {
                ids.push(b36(part)?);
            }
        }
        Some((start as u32, (ids.len() - start) as u32))
    };
    let (Some(d), Some(r)) = (list(deps), list(recs)) else {
        ids.truncate(mark);
        return Line::Malformed;
    };
    let pkg = Pkg {
        name,
        installed_kib,
        deb_kib,
        priority,
        essential: flags.contains('E'),
        minbase: flags.contains('b'),
        deps: d,
        recs: r,
    };
    Line::Package(pkg)
}

/// `text.lines()` (lines end at `\n` or `\r\n`), by a plain byte search:
/// the general `char` searcher took a sixth of loading a table of some
/// 3,000 short lines.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (line, next) = match rest.bytes().position(|b| b == b'\n') {
            Some(i) => (rest[..i].strip_suffix('\r').unwrap_or(&rest[..i]), &rest[i + 1..]),
            None => (rest, ""),
        };
        rest = next;
        Some(line)
    })
}

/// `s.split(sep)` for an ASCII separator (see [`lines`]).
fn split_ascii(s: &str, sep: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.bytes().position(|b| b == sep) {
            Some(i) => {
                rest = Some(&r[i + 1..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// Checks a `.pkgs` text strictly before it is installed at run time
/// (`sizedata::provide_debian`): the generator's header for `suite`, every
/// line well-formed (a skipped line would shift the package numbers), every
/// package number in range, the `@virtual` section present and the text
/// ending with a newline (a cut-off download fails one of these). Returns the
/// number of packages.
pub(crate) fn validate(suite: &str, text: &str) -> Result<usize, String> {
    let header = format!("# slimfile Debian package data: {suite} ");
    if !text.starts_with(&header) {
        let first: String = text.lines().next().unwrap_or("").chars().take(80).collect();
        return Err(format!(
            "not slimfile's Debian {suite} package data (first line: {first:?})"
        ));
    }
    if !text.ends_with('\n') {
        return Err(format!("Debian {suite} package data is cut off (no final newline)"));
    }
    let mut in_virtuals = false;
    let mut n = 0u32;
    let mut max_ref = None::<(u32, usize)>;
    let mut note_ref = |id: u32, line_no: usize| {
        if max_ref.is_none_or(|(m, _)| id > m) {
            max_ref = Some((id, line_no));
        }
    };
    let mut ids = Vec::new();
    for (i, line) in text.lines().enumerate() {
        ids.clear();
        match read_line(line, in_virtuals, &mut ids) {
            Line::Provenance(_) | Line::Skip => {}
            Line::VirtualStart if !in_virtuals => in_virtuals = true,
            Line::VirtualStart | Line::Malformed => {
                let shown: String = line.chars().take(60).collect();
                return Err(format!(
                    "Debian {suite} package data, line {}: malformed ({shown:?})",
                    i + 1
                ));
            }
            Line::Virtual(_, id) => note_ref(id, i + 1),
            Line::Package(_) => {
                n += 1;
                for &id in &ids {
                    note_ref(id, i + 1);
                }
            }
        }
    }
    if n == 0 {
        return Err(format!("Debian {suite} package data has no package line"));
    }
    if !in_virtuals {
        return Err(format!(
            "Debian {suite} package data is cut off (no @virtual section)"
        ));
    }
    if let Some((id, line_no)) = max_ref.filter(|&(m, _)| m >= n) {
        return Err(format!(
            "Debian {suite} package data, line {line_no}: package number {id} out of range ({n} packages)"
        ));
    }
    Ok(n as usize)
}

/// FNV-1a, 64 bits.
fn fnv(s: &str) -> u64 {
    s.bytes()
        .fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

fn b36(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 6 {
        return None;
    }
    u32::from_str_radix(s, 36).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_splitters_split_as_str_does() {
        let texts = ["", "a", "\n", "a\n", "a\n\n", "a\r\nb", "a\r", "a\r\r\n", "\r\n", " x  y ", "é,ü,,", ",", "a b,c d\n e,"];
        for t in texts {
            assert_eq!(lines(t).collect::<Vec<_>>(), t.lines().collect::<Vec<_>>(), "{t:?}");
            for sep in [' ', ','] {
                assert_eq!(split_ascii(t, sep as u8).collect::<Vec<_>>(), t.split(sep).collect::<Vec<_>>(), "{t:?}");
            }
        }
    }

    const TINY: &str = "# provenance: test\n\
        a 10 4 rEb - -\n\
        b 20 5 ob 0 -\n\
        c 100 30 o 0,1 3\n\
        d 1000 300 o 0 -\n\
        @virtual\n\
        v 2\n";

    #[test]
    fn closure_basics() {
        let db = PackageDb::parse("test", TINY).unwrap();
        assert_eq!(db.provenance(), "test");
        let base = db.minbase();
        assert_eq!(base.names(), ["a", "b"]);
        let c = db.install_closure(&["c"], false, &base);
        assert_eq!(c.packages, ["c"]);
        assert_eq!(c.installed_bytes, 100 * 1024);
        let c = db.install_closure(&["v=1.0", "zzz", "zzz"], true, &base);
        assert_eq!(c.packages, ["c", "d"]);
        assert_eq!(c.deb_bytes, 330 * 1024);
        assert_eq!(c.missing, ["zzz"]);
        let c = db.install_closure(&["c"], false, &db.empty_set());
        assert_eq!(c.packages, ["a", "b", "c"]);
        assert!(db.get("c:amd64").is_some_and(|p| p.recommends().eq(["d"])));
    }

    #[test]
    fn malformed_data_does_not_panic() {
        for text in [
            "",
            "#only\n",
            "x y z\n",
            "a 1 1 q - -\n",
            "a -1 1 o - -\n",
            "a 1 1 o zzzzzzzzz -\n",
            "@virtual\nv 0\n",
        ] {
            assert!(PackageDb::parse("t", text).is_none(), "{text:?}");
        }
        let db = PackageDb::parse("t", "a 1 1 o 5,0 9\n@virtual\nv 7\nw\n").unwrap();
        assert_eq!(db.get("a").unwrap().depends().collect::<Vec<_>>(), ["a"]);
        assert!(db.get("v").is_none());
        let c = db.install_closure(&["a", ""], true, &db.empty_set());
        assert_eq!(c.packages, ["a"]);
        assert!(c.missing.is_empty());
    }

    #[test]
    fn unsorted_files_still_resolve() {
        let db = PackageDb::parse("t", "z 1 1 o - -\na 2 1 o 0 -\n@virtual\nv 1\nu 0\n").unwrap();
        assert!(db.get("a").is_some_and(|p| p.depends().eq(["z"])));
        assert_eq!(db.get("u").map(|p| p.name()), Some("z"));
        assert_eq!(db.get("v").map(|p| p.name()), Some("a"));
        assert_eq!(db.packages().map(|p| p.name()).collect::<Vec<_>>(), ["z", "a"]);
    }

    #[test]
    fn lookups_prefer_the_first_line_and_real_names() {
        // `a` twice (the first wins), a virtual `b` that is also a package
        // name (the package wins), a virtual pointing past the end (dropped).
        let db = PackageDb::parse("t", "a 1 1 o - -\nb 2 1 o - -\na 3 1 o - -\n@virtual\nb 0\nv 2\nw 9\n").unwrap();
        assert_eq!(db.get("a").map(|p| p.installed_kib()), Some(1));
        assert_eq!(db.get("b").map(|p| p.installed_kib()), Some(2));
        assert_eq!(db.get("v").map(|p| p.installed_kib()), Some(3));
        assert!(db.get("w").is_none() && db.get("").is_none() && db.get("zz").is_none());
        // Sets take a closure's packages by number, or by name from another db.
        let other = PackageDb::parse("u", "a 1 1 o - -\nb 2 1 o - -\n@virtual\n").unwrap();
        let c = db.install_closure(&["b", "v"], false, &db.empty_set());
        let mut same = db.empty_set();
        same.extend_from(&c);
        let mut by_name = other.empty_set();
        by_name.extend_from(&c);
        assert_eq!((same.names(), by_name.names()), (vec!["b", "a"], vec!["a", "b"]));
    }

    #[test]
    fn names_are_normalized() {
        assert_eq!(normalize_name(" curl=7.88.1-10+deb12u5 "), "curl");
        assert_eq!(normalize_name("libc6:amd64"), "libc6");
        assert_eq!(normalize_name("nginx/bookworm-backports"), "nginx");
        assert_eq!(normalize_name("g++"), "g++");
    }
}
