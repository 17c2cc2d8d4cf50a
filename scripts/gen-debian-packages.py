#!/usr/bin/env python3
"""Regenerate the size data that slimfile embeds (`data/`).

    scripts/gen-debian-packages.py [all|debian|base-images|alpine|sizes] [options]

* `debian`: fetches Debian's own `Packages` metadata for bookworm and trixie
  (main, amd64) with apt into a private state directory (nothing of the
  machine's apt state is read or written), selects the packages Dockerfiles
  commonly install plus their dependency closures, and writes
  `data/debian-<suite>.pkgs` (format described in the file header).
* `base-images`: converts the shared `base-images.tsv` and
  `distroless-approx.tsv` into `data/base-images.tsv` (aliases, suites, derived
  uncompressed sizes) and writes `data/base-package-seeds.tsv`.
* `alpine`: converts the shared `alpine-packages.tsv` into
  `data/alpine-packages.tsv`.
* `sizes`: prints the raw and gzipped size of every file in `data/`.

Only Python's standard library and apt-get are needed. Rerunning with the same
inputs gives byte-identical files, apart from the fetch date in the
`debian-*.pkgs` provenance line, which is the archive's own `Date:`.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = Path(os.environ.get("SLIMFILE_SHARED", REPO.parent / "shared"))
ARCHIVE = "http://deb.debian.org/debian"
KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg"
SUITES = ["bookworm", "trixie"]
BUDGET_GZ = 150 * 1024
MAX_PROVIDES = 50

# Packages Dockerfiles commonly install that the shared corpus may not name
# (curated by hand from the size-model notes' table and common practice; a
# name missing from a suite is simply skipped for that suite).
CURATED = """
apt-transport-https apt-utils autoconf automake bash-completion bind9-dnsutils
build-essential bzip2 ca-certificates cargo chromium chromium-driver clang cmake
composer cron curl default-jdk-headless default-jre-headless
default-libmysqlclient-dev default-mysql-client dirmngr dnsutils docker.io
dumb-init ffmpeg file firefox-esr fontconfig fonts-liberation g++ gcc gettext
gfortran ghostscript git git-lfs gnupg gnupg2 golang-go gosu graphviz htop
imagemagick iproute2 iputils-ping jq less libasound2 libatk-bridge2.0-0
libcurl4-openssl-dev libffi-dev libfreetype6-dev libgbm1 libgl1 libglib2.0-0
libgomp1 libgtk-3-0 libjpeg-dev libldap2-dev liblapack-dev libmagic1
libmariadb-dev libnss3 libopenblas-dev libpng-dev libpq-dev libpq5
libreoffice-core libsasl2-dev libsm6 libsqlite3-dev libssl-dev libtool
libvips-dev libxext6 libxml2-dev libxrender1 libxslt1-dev libyaml-dev llvm
locales lsb-release make mariadb-client maven nano net-tools netbase
netcat-openbsd nginx ninja-build nodejs npm openjdk-17-jdk-headless
openjdk-17-jre-headless openjdk-21-jdk-headless openjdk-21-jre-headless
openssh-client openssh-server p7zip-full pandoc patch php-cli pipx pkg-config
poppler-utils postgresql-client procps psmisc python-is-python3 python3
python3-dev python3-pip python3-setuptools python3-venv python3-wheel
redis-tools rsync ruby ruby-dev rustc software-properties-common sqlite3 sudo
supervisor swig tesseract-ocr texlive-latex-base tini tzdata unixodbc-dev unzip
vim wget xvfb xz-utils yarnpkg zip zlib1g-dev
""".split()

# `a | b` groups where apt (and debootstrap) end up with b although a comes
# first: init-system-helpers' `usrmerge | usr-is-merged` would otherwise pull
# usrmerge and with it perl (+50 MiB) into every closure.
ALT_OVERRIDE = {"usrmerge": "usr-is-merged"}

PRIORITY_LETTER = {"required": "r", "important": "i", "standard": "s", "optional": "o", "extra": "x"}
PRIORITY_RANK = {"r": 0, "i": 1, "s": 2, "o": 3, "x": 4}


def die(msg: str) -> None:
    print(f"error: {msg}", file=sys.stderr)
    sys.exit(1)


# --------------------------------------------------------------------------
# Fetching: apt-get update into a private directory
# --------------------------------------------------------------------------


def fetch_lists(workdir: Path, suites: list[str]) -> Path:
    """Runs `apt-get update` with a private config, sources list, lists and
    cache directory, reading no apt.conf.d snippet of this machine. Returns the
    lists directory holding the uncompressed Packages files."""
    if shutil.which("apt-get") is None:
        die("apt-get not found (use --lists DIR with Packages files fetched elsewhere)")
    lists = workdir / "lists"
    for d in (lists / "partial", workdir / "cache" / "archives" / "partial", workdir / "parts", workdir / "prefs"):
        d.mkdir(parents=True, exist_ok=True)
    signed = f"[signed-by={KEYRING}] " if Path(KEYRING).exists() else ""
    (workdir / "sources.list").write_text(
        "".join(f"deb {signed}{ARCHIVE} {s} main\n" for s in suites)
    )
    conf = workdir / "apt.conf"
    conf.write_text(
        "\n".join(
            [
                f'Dir::Etc::Parts "{workdir / "parts"}";',
                f'Dir::Etc::PreferencesParts "{workdir / "prefs"}";',
                f'Dir::Etc::SourceList "{workdir / "sources.list"}";',
                'Dir::Etc::SourceParts "/dev/null";',
                f'Dir::State::Lists "{lists}";',
                'Dir::State::Status "/dev/null";',
                f'Dir::Cache "{workdir / "cache"}";',
                'Acquire::Languages "none";',
                'Acquire::GzipIndexes "false";',
                'APT::Architectures { "amd64"; };',
                'Debug::NoLocking "true";',
                "",
            ]
        )
    )
    env = dict(os.environ, APT_CONFIG=str(conf))
    print(f"apt-get update ({', '.join(suites)}) into {workdir}", file=sys.stderr)
    r = subprocess.run(["apt-get", "-q", "update"], env=env, stdout=sys.stderr, stderr=sys.stderr)
    if r.returncode != 0:
        die("apt-get update failed")
    return lists


def packages_file(lists: Path, suite: str) -> Path:
    name = f"deb.debian.org_debian_dists_{suite}_main_binary-amd64_Packages"
    p = lists / name
    if not p.exists():
        die(f"{p} not found")
    return p


def release_date(lists: Path, suite: str) -> str:
    p = lists / f"deb.debian.org_debian_dists_{suite}_InRelease"
    if p.exists():
        for line in p.read_text(errors="replace").splitlines()[:40]:
            if line.startswith("Date:"):
                return line[5:].strip()
    return "unknown"


# --------------------------------------------------------------------------
# Packages parsing and dependency resolution
# --------------------------------------------------------------------------

FIELDS = {"Package", "Version", "Installed-Size", "Size", "Depends", "Pre-Depends", "Recommends", "Provides", "Priority", "Essential"}


def parse_packages(path: Path) -> dict[str, dict[str, str]]:
    pkgs: dict[str, dict[str, str]] = {}
    cur: dict[str, str] = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line == "\n":
                if "Package" in cur:
                    pkgs[cur["Package"]] = cur
                cur = {}
                continue
            if line[0] in " \t":
                continue
            key, _, value = line.partition(":")
            if key in FIELDS:
                cur[key] = value.strip()
    if "Package" in cur:
        pkgs[cur["Package"]] = cur
    return pkgs


def dep_groups(field: str) -> list[list[str]]:
    """`a (>= 1) | b:any, c [amd64]` -> [["a", "b"], ["c"]] (constraints dropped)."""
    groups = []
    for group in field.split(","):
        alts = []
        for alt in group.split("|"):
            alt = re.sub(r"\(.*?\)|\[.*?\]|<.*?>", "", alt).strip()
            if not alt:
                continue
            alts.append(alt.split(":")[0])
        if alts:
            groups.append(alts)
    return groups


class Suite:
    def __init__(self, name: str, raw: dict[str, dict[str, str]]):
        self.name = name
        self.raw = raw
        self.providers: dict[str, list[str]] = defaultdict(list)
        for p, f in raw.items():
            for (v, *_) in dep_groups(f.get("Provides", "")):
                if v != p:
                    self.providers[v].append(p)
        self.prio = {p: PRIORITY_LETTER.get(f.get("Priority", "optional"), "o") for p, f in raw.items()}
        self.preferred: set[str] = set()
        self.unresolved = 0
        self.minbase = self.compute_minbase()

    def essential(self, p: str) -> bool:
        return self.raw[p].get("Essential", "").lower() == "yes"

    def pick_provider(self, virtual: str) -> str:
        provs = self.providers[virtual]
        return sorted(provs, key=lambda q: (q not in self.preferred, PRIORITY_RANK[self.prio[q]], q))[0]

    def resolve(self, alts: list[str]) -> str | None:
        """One dependency group -> one concrete package. An alternative that the
        minimal base already satisfies wins (apt keeps a satisfied dependency);
        otherwise the first alternative that exists, real before virtual;
        a virtual name goes to its provider in the base, else the provider with
        the highest priority, else the first by name."""
        for bad, good in ALT_OVERRIDE.items():
            if bad in alts and good in alts:
                alts = [a for a in alts if a != bad]
        for alt in alts:
            if alt in self.preferred:
                return alt
            if any(q in self.preferred for q in self.providers.get(alt, ())):
                return self.pick_provider(alt)
        for alt in alts:
            if alt in self.raw:
                return alt
            if alt in self.providers:
                return self.pick_provider(alt)
        return None

    def resolve_name(self, name: str) -> str | None:
        if name in self.raw:
            return name
        if name in self.providers:
            return self.pick_provider(name)
        return None

    def deps2(self, p: str) -> tuple[list[str], list[str], int]:
        """(depends, recommends not already in depends, unresolvable groups)."""
        f = self.raw[p]
        out: list[list[str]] = [[], []]
        bad = 0
        for k, fields in enumerate((("Pre-Depends", "Depends"), ("Recommends",))):
            for field in fields:
                for alts in dep_groups(f.get(field, "")):
                    q = self.resolve(alts)
                    if q is None:
                        bad += 1
                    elif q != p and q not in out[0] and q not in out[1]:
                        out[k].append(q)
        return out[0], out[1], bad

    def deps(self, p: str, recommends: bool) -> list[str]:
        d, r, _ = self.deps2(p)
        return d + r if recommends else d

    def closure(self, seeds, recommends: bool) -> set[str]:
        seen: set[str] = set()
        stack = [s for s in seeds if s in self.raw]
        while stack:
            p = stack.pop()
            if p in seen:
                continue
            seen.add(p)
            stack.extend(q for q in self.deps(p, recommends) if q not in seen)
        return seen

    def compute_minbase(self) -> set[str]:
        """What `debootstrap --variant=minbase` installs (how debuerreotype
        builds the debian:<suite> and <suite>-slim images): Essential + Priority
        required + apt, closed over Depends/Pre-Depends."""
        seeds = {p for p in self.raw if self.essential(p) or self.prio[p] == "r"} | {"apt"}
        self.preferred = set(seeds)
        first = self.closure(seeds, recommends=False)
        self.preferred = first
        return self.closure(seeds, recommends=False)


# --------------------------------------------------------------------------
# Package names named by `apt-get install` in the corpus
# --------------------------------------------------------------------------

APT_TOOLS = {"apt-get", "apt", "aptitude"}
OPTS_WITH_ARG = {"-o", "-t", "-c", "--target-release", "--default-release", "--option", "--config-file"}
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9+.-]+$")
ASSIGN_RE = re.compile(r"""(?<![\w$])([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|'([^']*)'|([^\s;&|)]*))""")
VAR_RE = re.compile(r"^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$")


def texts_of(path: Path):
    if path.suffix == ".json":
        try:
            data = json.loads(path.read_text(errors="replace"))
        except ValueError:
            return
        stack = [data]
        while stack:
            v = stack.pop()
            if isinstance(v, dict):
                stack.extend(v.values())
            elif isinstance(v, list):
                stack.extend(v)
            elif isinstance(v, str) and "install" in v and re.search(r"(?im)^\s*(RUN|FROM)\s", v):
                # Dockerfile snippets only, not the test descriptions
                yield v
    else:
        yield path.read_text(errors="replace")


def logical_lines(text: str) -> list[str]:
    lines = [l for l in text.splitlines() if not l.lstrip().startswith("#")]
    return re.sub(r"\\[ \t]*\n", " ", "\n".join(lines)).split("\n")


def variables(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    joined = " ".join(logical_lines(text))
    for m in ASSIGN_RE.finditer(joined):
        val = next(g for g in (m.group(3), m.group(4), m.group(5)) if g is not None)
        out[m.group(1)].extend(val.split())
    for line in logical_lines(text):
        m = re.match(r"^\s*ENV\s+([A-Za-z_]\w*)\s+([^=]+)$", line)
        if m:
            out[m.group(1)].extend(m.group(2).replace('"', "").replace("'", "").split())
    return out


def apt_install_names(text: str) -> set[str]:
    names: set[str] = set()
    if "install" not in text:
        return names
    vars_ = variables(text)
    for line in logical_lines(text):
        if "install" not in line:
            continue
        for seg in re.split(r"&&|\|\||;|\||\(|\)|\{|\}|`|\$\(", line):
            toks = seg.split()
            idx = next((i for i, t in enumerate(toks) if t.rsplit("/", 1)[-1] in APT_TOOLS), None)
            if idx is None:
                continue
            rest = toks[idx + 1:]
            i = 0
            while i < len(rest) and rest[i] != "install":
                i += 2 if rest[i] in OPTS_WITH_ARG else 1
            if i >= len(rest):
                continue
            args = rest[i + 1:]
            j = 0
            while j < len(args):
                t = args[j].strip("\"'")
                j += 1
                if t in OPTS_WITH_ARG:
                    j += 1
                    continue
                if t.startswith("-"):
                    continue
                m = VAR_RE.match(t)
                cands = vars_.get(m.group(1), []) if m else [t]
                for c in cands:
                    c = c.strip("\"'")
                    if "$" in c or "/" in c or c.endswith(".deb"):
                        continue
                    c = c.split("=", 1)[0].split(":", 1)[0]
                    if NAME_RE.match(c):
                        names.add(c)
    return names


def corpus_names(corpus: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for path in sorted(corpus.rglob("*")):
        if not path.is_file() or path.suffix in (".md", ".tsv") or "dockerignore" in path.name:
            continue
        for text in texts_of(path):
            for n in apt_install_names(text):
                found[n].add(str(path.relative_to(corpus)))
    return found


# --------------------------------------------------------------------------
# Writing debian-<suite>.pkgs
# --------------------------------------------------------------------------


def b36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    s = ""
    while True:
        n, r = divmod(n, 36)
        s = digits[r] + s
        if n == 0:
            return s


def write_suite(suite: Suite, selected: set[str], out: Path, provenance: str, selection_doc: str) -> dict:
    names = sorted(selected)
    index = {p: i for i, p in enumerate(names)}
    lines = []
    for p in names:
        f = suite.raw[p]
        inst = int(f.get("Installed-Size", "0") or 0)
        deb = (int(f.get("Size", "0") or 0) + 1023) // 1024
        flags = suite.prio[p] + ("E" if suite.essential(p) else "") + ("b" if p in suite.minbase else "")
        d, r, bad = suite.deps2(p)
        suite.unresolved += bad
        deps = [b36(index[q]) for q in d]
        recs = [b36(index[q]) for q in r]
        lines.append(f"{p} {inst} {deb} {flags} {','.join(deps) or '-'} {','.join(recs) or '-'}")
    # Virtual names (not real packages) a user may write, mapped to the provider
    # the closure uses; only where that provider is in the file.
    # Bundles (npm provides ~1,400 node-* names it vendors) are left out: nobody
    # apt-get installs those names and they would double the section.
    provides_count: dict[str, int] = defaultdict(int)
    for provs in suite.providers.values():
        for q in provs:
            provides_count[q] += 1
    virtuals = []
    for v in sorted(suite.providers):
        if v in suite.raw:
            continue
        q = suite.pick_provider(v)
        if q in index and provides_count[q] <= MAX_PROVIDES:
            virtuals.append(f"{v} {b36(index[q])}")
    header = [
        f"# slimfile Debian package data: {suite.name} main amd64. Generated by scripts/gen-debian-packages.py; do not edit.",
        f"# provenance: {provenance}",
        f"# selection: {selection_doc}",
        "# format: lines starting with '#' are comments. Then one line per package, sorted by name; the k-th package line is package k.",
        "#   name installed_KiB deb_KiB flags depends recommends",
        "#   installed_KiB = Installed-Size; deb_KiB = Size (bytes of the .deb) rounded up to KiB.",
        "#   flags: priority r/i/s/o/x (required/important/standard/optional/extra), then E if Essential, then b if in the minbase set.",
        "#   depends = Pre-Depends + Depends; recommends = Recommends minus what depends already lists. Both are comma-separated",
        "#   package numbers in base 36, or '-'. Version constraints and architecture qualifiers are dropped. For `a | b` the",
        "#   alternative already satisfied by the minbase set is kept, else the first that exists; a virtual name resolves to its",
        "#   provider in the minbase set, else the one with the highest priority, else the first by name.",
        "#   minbase (flag b) = Essential + Priority required + apt, closed over depends: what debootstrap --variant=minbase installs,",
        "#   i.e. the package set of debian:<suite> and debian:<suite>-slim.",
        "# After the packages, a line '@virtual' and then 'virtual_name package_number' lines: virtual names whose chosen provider is",
        f"#   listed, except names provided by a package that provides more than {MAX_PROVIDES} (bundles such as npm's node-* names).",
    ]
    text = "\n".join(header + lines + ["@virtual"] + virtuals) + "\n"
    out.write_text(text)
    return {"packages": len(names), "virtuals": len(virtuals), "minbase": len(suite.minbase & selected)}


def cmd_debian(args) -> None:
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = None
    if args.lists:
        lists = Path(args.lists)
    else:
        tmp = Path(tempfile.mkdtemp(prefix="slimfile-apt-"))
        tmp.chmod(0o755)  # apt downloads as the _apt user
        lists = fetch_lists(tmp, SUITES)
    corpus = Path(args.corpus)
    named = corpus_names(corpus) if corpus.is_dir() else {}
    if not named:
        print(f"warning: no corpus at {corpus}; selection uses priorities and the curated list only", file=sys.stderr)
    report = {}
    for s in SUITES:
        path = packages_file(lists, s)
        suite = Suite(s, parse_packages(path))
        seeds_prio = {p for p in suite.raw if suite.essential(p) or suite.prio[p] in "ris"}
        seeds_named = {q for n in named if (q := suite.resolve_name(n))}
        seeds_curated = {q for n in CURATED if (q := suite.resolve_name(n))}
        selected = suite.closure(seeds_prio | seeds_named | seeds_curated | suite.minbase, recommends=True)
        covered = sorted(n for n in named if suite.resolve_name(n))
        missing = sorted(n for n in named if not suite.resolve_name(n))
        provenance = (
            f"{ARCHIVE} dists/{s}/main/binary-amd64/Packages (Release Date: {release_date(lists, s)}), "
            f"sha256 {hashlib.sha256(path.read_bytes()).hexdigest()[:16]}..., "
            f"{len(suite.raw)} packages in the archive, fetched with apt-get update into a private directory"
        )
        selection = (
            f"the closure over depends + recommends of: Essential and Priority required/important/standard "
            f"({len(seeds_prio)}); every package an `apt-get|apt|aptitude install` in the shared corpus names "
            f"({len(named)} names, {len(covered)} found in {s}); a curated list of {len(CURATED)} common names "
            f"({len(seeds_curated)} found). Names the corpus uses that {s} lacks: {len(missing)}."
        )
        suite.unresolved = 0
        stats = write_suite(suite, selected, out_dir / f"debian-{s}.pkgs", provenance, selection)
        stats.update(corpus_names=len(named), corpus_covered=len(covered), corpus_missing=missing,
                     archive=len(suite.raw), unresolved_dep_groups=suite.unresolved,
                     minbase_total=len(suite.minbase),
                     minbase_installed_kib=sum(int(suite.raw[p].get("Installed-Size", "0")) for p in suite.minbase))
        report[s] = stats
    for s, st in report.items():
        miss = st.pop("corpus_missing")
        print(f"{s}: {json.dumps(st)}", file=sys.stderr)
        print(f"{s}: corpus names not in the suite ({len(miss)}): {' '.join(miss)}", file=sys.stderr)
    if tmp and not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    elif tmp:
        print(f"kept {tmp}", file=sys.stderr)


# --------------------------------------------------------------------------
# base-images.tsv
# --------------------------------------------------------------------------

TAG_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")
VERSION_RE = re.compile(r"^v?\d+(\.\d+)*$")
DEBIAN_SUITES = ["buster", "bullseye", "bookworm", "trixie", "forky", "sid", "testing"]
DEBIAN_NUMBERS = {"10": "buster", "11": "bullseye", "12": "bookworm", "13": "trixie"}
UBUNTU_SUITES = {"20.04": "focal", "22.04": "jammy", "24.04": "noble", "26.04": "resolute"}
NO_SUITE_ALIASES = {"debian", "ubuntu", "buildpack-deps", "alpine"}
# Tags that name a release channel, not a variant: `nginx:stable` is 1.30.4,
# not "1.30.4-stable".
CHANNEL_TAGS = {"latest", "stable", "mainline", "lts", "current", "rolling", "cli", "dind", "innovation", "edge"}
# Debian's own tag scheme (debian, as the docker-library README lists it at the
# data date: trixie = 13 = stable, bookworm = 12 = oldstable).
CURATED_ALIASES = {
    ("debian", "trixie"): ["13", "stable"],
    ("debian", "trixie-slim"): ["13-slim", "stable-slim"],
    ("debian", "bookworm"): ["12", "oldstable"],
    ("debian", "bookworm-slim"): ["12-slim", "oldstable-slim"],
}

# Image-name aliases and tags for the distroless rows (the names the distroless
# README lists; the unsuffixed names are older builds, mapped to the debian12
# row as an approximation).
DISTROLESS_NAMES = {
    "gcr.io/distroless/static-debian12": ["gcr.io/distroless/static"],
    "gcr.io/distroless/base-debian12": ["gcr.io/distroless/base"],
    "gcr.io/distroless/cc-debian12": ["gcr.io/distroless/cc"],
    "gcr.io/distroless/nodejs20-debian12": ["gcr.io/distroless/nodejs"],
    "gcr.io/distroless/python3-debian12": ["gcr.io/distroless/python3"],
    "gcr.io/distroless/java21-debian12": ["gcr.io/distroless/java"],
}
DISTROLESS_TAGS = ["nonroot"]


def read_tsv(path: Path) -> tuple[list[str], list[str], list[list[str]]]:
    comments, header, rows = [], [], []
    for line in path.read_text().splitlines():
        if line.startswith("#"):
            comments.append(line)
        elif not header:
            header = line.split("\t")
        elif line.strip():
            cols = line.split("\t")
            rows.append(cols + [""] * (len(header) - len(cols)))
    return comments, header, rows


def note_main(note: str) -> str:
    """The version note without the uncompressed-source part and bracketed remarks."""
    return re.sub(r"\[.*?\]", "", note.split(" | ")[0]).strip()


def explicit_aliases(note: str) -> list[str]:
    out = []
    for m in re.finditer(r"(?:^|[;)] )= ([^|\[;(]+)", note_main(note)):
        for item in m.group(1).split(","):
            words = item.strip().split()
            if words and "?" not in words[0] and TAG_RE.match(words[0]):
                out.append(words[0])
    return out


def suite_of(os_family: str, image: str, tag: str, note: str) -> str:
    text = note_main(note)
    low = text.lower()
    if os_family == "debian":
        for s in DEBIAN_SUITES:
            if re.search(rf"\b{s}\b", low) or re.search(rf"\b{s}\b", tag):
                return s
        m = re.search(r"debian (\d+)", low) or (re.match(r"^(\d+)\b", text) if image == "debian" else None)
        if m and m.group(1) in DEBIAN_NUMBERS:
            return DEBIAN_NUMBERS[m.group(1)]
    if os_family == "ubuntu":
        for num, code in UBUNTU_SUITES.items():
            if code in low or re.search(rf"\bubuntu {re.escape(num)}\b", low) or (image == "ubuntu" and num in (tag, text.split(" ")[0])):
                return code
    if os_family == "alpine":
        m = re.search(r"alpine (\d+\.\d+(?:\.\d+)?)", low)
        if m:
            return m.group(1)
        if image == "alpine":
            m = re.match(r"^(\d+\.\d+(?:\.\d+)?)", text)
            if m:
                return m.group(1)
    return ""


def parent_of(image: str, tag: str, os_family: str, note: str) -> str:
    """The image this one is built FROM, as far as the version note says."""
    text = note_main(note)
    if image in ("debian", "ubuntu", "alpine", "busybox", "scratch"):
        return ""
    if image == "buildpack-deps":
        if tag.endswith("-curl"):
            return "debian:" + tag[: -len("-curl")]
        if tag.endswith("-scm"):
            return f"buildpack-deps:{tag[: -len('-scm')]}-curl"
        return f"buildpack-deps:{tag}-scm"
    for pattern in (r"buildpack-deps:[a-z0-9.-]+", r"\bon ([a-z0-9./-]+:[a-z0-9._-]+)"):
        m = re.search(pattern, text)
        if m:
            return m.group(m.lastindex or 0)
    if os_family == "debian":
        m = re.search(r"\b(" + "|".join(DEBIAN_SUITES) + r")(-slim)?\b", text)
        if m and "buildpack-deps" in text and not m.group(2):
            return f"buildpack-deps:{m.group(1)}"
        if m:
            return f"debian:{m.group(1)}{m.group(2) or ''}"
    if os_family == "ubuntu":
        m = re.search(r"ubuntu (\d+\.\d+)", text.lower())
        if m:
            return f"ubuntu:{m.group(1)}"
    if os_family == "alpine":
        m = re.search(r"alpine (\d+\.\d+)", text.lower())
        if m:
            return f"alpine:{m.group(1)}"
    return ""


def split_tag(tag: str) -> tuple[str, str]:
    if tag in CHANNEL_TAGS:
        return "", ""
    m = re.match(r"^(v?\d+(?:\.\d+)*)(?:-(.*))?$", tag)
    if m:
        return m.group(1), m.group(2) or ""
    return "", tag


def generated_aliases(image: str, tag: str, version: str, os_family: str, suite: str, names: list[str], suite_forms: bool) -> list[str]:
    out: list[str] = []
    tver, variant = split_tag(tag)
    if image not in ("debian", "ubuntu", "buildpack-deps") and version and VERSION_RE.match(version) and (not tver or version == tver or version.startswith(tver + ".")):
        parts = version.split(".")
        lo = len(tver.split(".")) if tver else 1
        for k in range(lo, len(parts) + 1):
            v = ".".join(parts[:k])
            out.append(f"{v}-{variant}" if variant else v)
    base = [tag] + names + out
    if suite_forms and suite in ("bullseye", "bookworm", "trixie") and image not in NO_SUITE_ALIASES and os_family == "debian":
        for a in base:
            if any(s in a for s in DEBIAN_SUITES) or "alpine" in a:
                continue
            comps = a.split("-")
            if a in CHANNEL_TAGS - {"lts"}:
                out.append(suite if a == "latest" else f"{a}-{suite}")
            elif "slim" in comps:
                i = comps.index("slim")
                out.append("-".join(comps[:i] + [suite, "slim"] + comps[i + 1:]))  # node style: 24-bookworm-slim
                out.append(f"{a}-{suite}")  # python style: 3.12-slim-bookworm
            else:
                out.append(f"{a}-{suite}")
    if suite and os_family == "alpine" and image != "alpine":
        mm = ".".join(suite.split(".")[:2])
        for a in base + list(out):
            comps = a.split("-")
            if "alpine" in comps:
                i = comps.index("alpine")
                out.append("-".join(comps[:i] + [f"alpine{mm}"] + comps[i + 1:]))
    return [a for a in dict.fromkeys(out) if TAG_RE.match(a) and a != tag]


def cmd_base_images(args) -> None:
    shared = Path(args.shared) / "data"
    src = shared / "base-images.tsv"
    if not src.exists():
        die(f"{src} not found")
    comments, header, rows = read_tsv(src)
    col = {h: i for i, h in enumerate(header)}

    # Rows that only repeat another row ("alias of node:24, not read separately")
    # become aliases of that row.
    merged: dict[tuple[str, str], list[str]] = defaultdict(list)
    records = []
    for r in rows:
        image, tag, note = r[col["image"]], r[col["tag"]] or "latest", r[col["version_note"]]
        m = re.match(r"alias of ([^:\s]+):([^,\s]+)", note)
        if m:
            merged[(m.group(1), m.group(2))].append(tag)
            continue
        if any(x["image"] == image and x["tag"] == tag for x in records):
            continue  # `scratch` with and without a tag
        version = note_main(note).split(" ")[0].rstrip(",;") if note else ""
        records.append(
            {
                "image": image,
                "names": [],
                "tag": tag,
                "compressed": r[col["compressed_bytes"]],
                "uncompressed": r[col["uncompressed_bytes"]],
                "layers": r[col["layers_compressed_bytes"]],
                "os": r[col["os_family"]],
                "note": note,
                "version": version if VERSION_RE.match(version) else "",
                "date": r[col["observed_date"]],
                "flags": ["stale"] if note.startswith("STALE") else [],
            }
        )
    for (image, tag), tags in merged.items():
        target = next((x for x in records if x["image"] == image and x["tag"] == tag), None)
        if target is None:
            die(f"alias target {image}:{tag} missing")
        target["merged"] = tags

    # Compressed/uncompressed ratio per OS family, from rows with both (one pair
    # per distinct (image, uncompressed) so re-used values count once; stale rows
    # and scratch excluded). Families with fewer than 3 pairs use all pairs.
    pairs: dict[str, dict[tuple[str, str], float]] = defaultdict(dict)
    for x in records:
        if x["uncompressed"] and int(x["uncompressed"]) > 0 and "stale" not in x["flags"]:
            pairs[x["os"]][(x["image"], x["uncompressed"])] = int(x["compressed"]) / int(x["uncompressed"])
    everything = [v for fam in pairs.values() for v in fam.values()]
    pooled = statistics.median(everything)
    ratios = {fam: (statistics.median(v.values()) if len(v) >= 3 else pooled) for fam, v in pairs.items()}
    ratio_doc = ", ".join(f"{fam} {ratios[fam]:.3f} ({len(pairs[fam])} pairs{'' if len(pairs[fam]) >= 3 else ', too few: pooled'})" for fam in sorted(pairs))

    def ratio(fam: str) -> float:
        return ratios.get(fam, pooled)

    # Distroless (approximate, third-party figures).
    dl = shared / "distroless-approx.tsv"
    dl_comments: list[str] = []
    if dl.exists():
        dl_comments, dh, drows = read_tsv(dl)
        dc = {h: i for i, h in enumerate(dh)}
        for r in drows:
            image = r[dc["image"]]
            records.append(
                {
                    "image": image,
                    "names": DISTROLESS_NAMES.get(image, []),
                    "tag": r[dc["tag"]] or "latest",
                    "compressed": r[dc["approx_compressed_bytes"]],
                    "uncompressed": "",
                    "layers": "",
                    "os": "debian",
                    "note": r[dc["note"]],
                    "version": "",
                    "date": "",
                    "flags": ["approximate", "distroless"],
                    "merged": list(DISTROLESS_TAGS),
                    "suite_override": "bookworm" if "debian12" in image else "",
                }
            )

    # Aliases, with conflicts resolved: a row's own tag beats an alias taken from
    # the version note, which beats a generated one; two rows claiming the same
    # alias at the same level lose it (ambiguous).
    for x in records:
        x["suite"] = x.get("suite_override") or suite_of(x["os"], x["image"], x["tag"], x["note"])
        names = explicit_aliases(x["note"]) + x.get("merged", []) + CURATED_ALIASES.get((x["image"], x["tag"]), [])
        x["explicit"] = list(dict.fromkeys(names))
        x["generated"] = generated_aliases(
            x["image"], x["tag"], x["version"], x["os"], x["suite"], x["explicit"], "distroless" not in x["flags"]
        )
    claims: dict[tuple[str, str], dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    for i, x in enumerate(records):
        for name in [x["image"]] + x["names"]:
            claims[(name, x["tag"])][3].add(i)
            for a in x["explicit"]:
                claims[(name, a)][2].add(i)
            for a in x["generated"]:
                claims[(name, a)][1].add(i)
    winner: dict[tuple[str, str], int] = {}
    dropped = []
    for key, levels in claims.items():
        top = max(levels)
        if len(levels[top]) == 1:
            winner[key] = next(iter(levels[top]))
        else:
            dropped.append(f"{key[0]}:{key[1]}")
    for i, x in enumerate(records):
        own = x["image"]
        x["aliases"] = [a for a in dict.fromkeys(x["explicit"] + x["generated"]) if winner.get((own, a)) == i and a != x["tag"]]

    out_rows = []
    for x in records:
        unc, kind = x["uncompressed"], "measured"
        if not unc:
            unc, kind = str(round(int(x["compressed"]) / ratio(x["os"]))), "derived"
        if int(x["compressed"]) == 0:
            unc, kind = "0", "measured"
        out_rows.append(
            "\t".join(
                [
                    ",".join([x["image"]] + x["names"]),
                    x["tag"],
                    ",".join(x["aliases"]) or "-",
                    x["compressed"],
                    unc,
                    kind,
                    x["layers"] or "-",
                    x["os"],
                    x["suite"] or "-",
                    ",".join(x["flags"]) or "-",
                    x["version"] or "-",
                    parent_of(x["image"], x["tag"], x["os"], x["note"]) or "-",
                    x["date"] or "-",
                ]
            )
        )
    prov = [c for c in comments if c.startswith("# provenance")]
    text = "\n".join(
        [
            "# slimfile base-image sizes (amd64). Generated by scripts/gen-debian-packages.py base-images from the shared",
            "# base-images.tsv and distroless-approx.tsv; do not edit by hand.",
            "# source " + prov[0][2:] if prov else "# source provenance: (missing)",
        ]
        + (["# distroless " + c[2:] for c in dl_comments if c.startswith("# provenance")])
        + [
            "# columns: images (first = canonical, then other names of the same image), tag, aliases (other tags resolving to",
            "#   this row, '-' if none), compressed bytes, uncompressed bytes, uncompressed kind (measured | derived), per-layer",
            "#   compressed bytes ('-' if unknown), os family, suite (Debian/Ubuntu codename or Alpine version, '-' if unknown),",
            "#   flags (approximate: third-party figure; distroless: no shell or package manager; stale: older build than the tag",
            "#   now points to; '-' if none), version (of the main software, '-' if not a plain version), parent (the image it is",
            "#   built FROM as far as the source's version note says, '-' if unknown or none), observed date.",
            f"# derived uncompressed = compressed / median(compressed/uncompressed) of the rows of the same os family that have both:",
            f"#   {ratio_doc}; all pairs pooled: {pooled:.3f}.",
            "# aliases: tags named in the source's version notes (`= lts, 24`), rows that only repeat another row, version prefixes",
            "#   of the row's version (3.12 -> 3.12.13), Debian suite forms (24-bookworm, 24-bookworm-slim, 3.12-slim-bookworm) and",
            "#   Alpine forms (24-alpine3.24). An alias two rows would claim is dropped. Tags move: each row is what the tag",
            "#   pointed to on its observed date.",
            "# Chainguard (cgr.dev/chainguard/*): omitted, no published sizes found (size-model notes, section 2.4).",
            "image\ttag\taliases\tcompressed\tuncompressed\tuncompressed_kind\tlayers\tos\tsuite\tflags\tversion\tparent\tobserved",
        ]
        + out_rows
    )
    out = Path(args.out) / "base-images.tsv"
    out.write_text(text + "\n")
    print(f"base-images: {len(out_rows)} rows; ratios: {ratio_doc}; pooled {pooled:.3f}", file=sys.stderr)
    if dropped:
        print(f"base-images: ambiguous aliases dropped: {' '.join(sorted(dropped))}", file=sys.stderr)
    write_seeds(Path(args.out), shared)


def write_seeds(out_dir: Path, shared: Path) -> None:
    """Named apt package lists that base images install on top of the minbase
    set, for `base_package_set`: buildpack-deps' three layers, taken from the
    RUN lines in layer-calibration.tsv."""
    cal = shared / "layer-calibration.tsv"
    seeds = {}
    if cal.exists():
        _, h, rows = read_tsv(cal)
        c = {k: i for i, k in enumerate(h)}
        by_base = {}
        for r in rows:
            if r[c["image"]] == "node" and r[c["tag"]] == "24":
                by_base[r[c["base_image"]]] = sorted(apt_install_names(r[c["instruction"]].replace("\\t", " ").replace("\\n", "\n")))
        names = {"debian:bookworm": "buildpack-deps-curl", "buildpack-deps:bookworm-curl": "buildpack-deps-scm", "buildpack-deps:bookworm-scm": "buildpack-deps-full"}
        for base, pkgs in by_base.items():
            if base in names and pkgs:
                seeds[names[base]] = pkgs
    lines = [
        "# Package lists that images install on top of Debian's minbase set (for base_package_set).",
        "# source: the RUN lines of buildpack-deps' three layers as recorded in the shared layer-calibration.tsv",
        "#   (node:24 = buildpack-deps:bookworm; the same names are used for trixie). Generated by scripts/gen-debian-packages.py.",
        "# columns: name, space-separated package names (installed with --no-install-recommends)",
        "name\tpackages",
    ] + [f"{k}\t{' '.join(v)}" for k, v in sorted(seeds.items())]
    (out_dir / "base-package-seeds.tsv").write_text("\n".join(lines) + "\n")


# --------------------------------------------------------------------------
# alpine-packages.tsv
# --------------------------------------------------------------------------


def cmd_alpine(args) -> None:
    src = Path(args.shared) / "data" / "alpine-packages.tsv"
    if not src.exists():
        die(f"{src} not found")
    comments, header, rows = read_tsv(src)
    c = {h: i for i, h in enumerate(header)}
    rows = [r for r in rows if r[c["package"]]]
    sizes = sorted(int(r[c["installed_bytes"]]) for r in rows)
    median = int(statistics.median(sizes))
    # One row per (package, alpine version); the base image sets are the
    # packages seen in the alpine:<version> images themselves.
    out = []
    for r in rows:
        seen = r[c["seen_in"]].split(",")
        base = any(s.startswith("alpine:") for s in seen)
        out.append("\t".join([r[c["package"]], r[c["version"]], r[c["installed_bytes"]], r[c["alpine_version"]], "b" if base else "-"]))
    prov = [x for x in comments if x.startswith("# provenance")]
    text = "\n".join(
        [
            "# slimfile Alpine package sizes. Generated by scripts/gen-debian-packages.py alpine from the shared alpine-packages.tsv.",
            "# source " + (prov[0][2:] if prov else "provenance: (missing)"),
            "# Partial: only packages seen in official *-alpine images (runtime libraries mostly). No dependency data.",
            f"# fallback for a package not listed: the median installed size of the rows below, {median} bytes, low confidence.",
            "# columns: package, version, installed bytes, alpine version, in_base ('b' if the package is in the alpine:<version>",
            "#   image itself, else '-')",
            f"@median\t{median}",
            "package\tversion\tinstalled\talpine\tin_base",
        ]
        + out
    )
    (Path(args.out) / "alpine-packages.tsv").write_text(text + "\n")
    print(f"alpine: {len(out)} rows, median {median} B", file=sys.stderr)


# --------------------------------------------------------------------------
# Sizes
# --------------------------------------------------------------------------


def cmd_sizes(args) -> None:
    out_dir = Path(args.out)
    total_raw = total_gz = 0
    files = sorted(p for p in out_dir.iterdir() if p.is_file())
    for p in files:
        raw = p.read_bytes()
        gz = len(gzip.compress(raw, compresslevel=9, mtime=0))
        total_raw += len(raw)
        total_gz += gz
        print(f"{p.name:32} {len(raw):9} B raw {gz:8} B gzip -9")
    whole = b"".join(p.read_bytes() for p in files)
    together = len(gzip.compress(whole, compresslevel=9, mtime=0))
    print(f"{'total (files gzipped one by one)':32} {total_raw:9} B raw {total_gz:8} B gzip -9")
    print(f"{'total (one gzip stream)':32} {'':9}       {together:8} B gzip -9  (budget {BUDGET_GZ} B)")
    if total_gz > BUDGET_GZ:
        print("OVER BUDGET", file=sys.stderr)
        sys.exit(1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", nargs="?", default="all", choices=["all", "debian", "base-images", "alpine", "sizes"])
    ap.add_argument("--out", default=str(REPO / "crates" / "slimfile" / "data"))
    ap.add_argument("--shared", default=str(DEFAULT_SHARED), help="the shared folder with data/ and corpus/")
    ap.add_argument("--corpus", default=None, help="default: <shared>/corpus")
    ap.add_argument("--lists", help="reuse a lists dir holding uncompressed Packages files instead of fetching")
    ap.add_argument("--keep", action="store_true", help="keep the private apt directory")
    args = ap.parse_args()
    args.corpus = args.corpus or str(Path(args.shared) / "corpus")
    Path(args.out).mkdir(parents=True, exist_ok=True)
    if args.command in ("all", "base-images"):
        cmd_base_images(args)
    if args.command in ("all", "alpine"):
        cmd_alpine(args)
    if args.command in ("all", "debian"):
        cmd_debian(args)
    if args.command in ("all", "sizes"):
        cmd_sizes(args)


if __name__ == "__main__":
    main()
