//! Out-of-sample validation of the RUN-layer model (issue #4: "We judge the
//! estimator on other real layers that are not in the repo").
//!
//! Pairs are built at test time from two shared sources, nothing is copied
//! into the repository:
//! * `../shared/data/base-images.tsv`: for each official tag, the compressed
//!   size of every layer, in build order (the parent image's layers first);
//! * `../shared/corpus/official-images/`: the Dockerfiles those tags are
//!   built from (the table below names, per tag, the corpus file of the same
//!   version line and distribution release).
//!
//! A Dockerfile's own layers (RUN, COPY, ADD, WORKDIR of the stages that
//! reach its final image) are the last entries of the tag's layer list; when
//! the parent image is in the table too, its layer count must account for
//! exactly the rest, else the tag is reported as not aligned and skipped.
//! Every RUN of such a Dockerfile is then classified:
//! * package install: it runs apt-get/apt install, apk add or dnf/yum/
//!   microdnf install, and nothing that downloads, unpacks or compiles
//!   (curl, wget, tar, make, git, pip, ...), from the distribution's archive;
//! * third-party repository: a package install whose packages come from a
//!   repository the RUN adds (nginx.org, PGDG): the model has no data for
//!   them, reported apart;
//! * not a package install (downloads, source builds, other commands):
//!   reported apart.
//!
//! Each package-install layer is estimated as the layer of the real
//! Dockerfile (so in the context of its real base and earlier layers) and
//! compared with its real compressed size. Layers whose instruction is the
//! same text as one of the seven calibration rows (`layer-calibration.tsv`,
//! on which the apk layer overhead was fitted and an earlier apt ratio was
//! chosen) are excluded from the out-of-sample figure; no constant of the
//! model is fitted on the layers judged here (the apt model's come from
//! whole images and a Debian machine's dpkg file lists, `estimate::figures`); those with the same text over another
//! Debian suite are printed apart. Identical (instruction, base) pairs met
//! under several tags count once.

mod common;

use slimfile::estimate::estimate;
use slimfile::Keyword;

/// (image, tag in base-images.tsv, corpus file, own layers that follow the
/// file's layers in that tag: the buildpack-deps curl and scm files are
/// the second and third layers of `buildpack-deps:trixie`).
const MAP: &[(&str, &str, &str, usize)] = &[
    ("buildpack-deps", "bookworm-curl", "docker-library__buildpack-deps/debian/bookworm/curl/Dockerfile", 0),
    ("buildpack-deps", "bookworm-scm", "docker-library__buildpack-deps/debian/bookworm/scm/Dockerfile", 0),
    ("buildpack-deps", "bookworm", "docker-library__buildpack-deps/debian/bookworm/Dockerfile", 0),
    ("buildpack-deps", "trixie", "docker-library__buildpack-deps/debian/trixie/curl/Dockerfile", 2),
    ("buildpack-deps", "trixie", "docker-library__buildpack-deps/debian/trixie/scm/Dockerfile", 1),
    ("buildpack-deps", "trixie", "docker-library__buildpack-deps/debian/trixie/Dockerfile", 0),
    ("python", "latest", "docker-library__python/3.14/trixie/Dockerfile", 0),
    ("python", "3.13", "docker-library__python/3.13/trixie/Dockerfile", 0),
    ("python", "3.12", "docker-library__python/3.12/trixie/Dockerfile", 0),
    ("python", "3.11", "docker-library__python/3.11/trixie/Dockerfile", 0),
    ("python", "slim", "docker-library__python/3.14/slim-trixie/Dockerfile", 0),
    ("python", "3.13-slim", "docker-library__python/3.13/slim-trixie/Dockerfile", 0),
    ("python", "3.12-slim", "docker-library__python/3.12/slim-trixie/Dockerfile", 0),
    ("python", "3.11-slim", "docker-library__python/3.11/slim-trixie/Dockerfile", 0),
    ("python", "alpine", "docker-library__python/3.14/alpine3.24/Dockerfile", 0),
    ("python", "3.13-alpine", "docker-library__python/3.13/alpine3.24/Dockerfile", 0),
    ("python", "3.11-alpine", "docker-library__python/3.11/alpine3.24/Dockerfile", 0),
    ("golang", "latest", "docker-library__golang/1.26/trixie/Dockerfile", 0),
    ("golang", "alpine", "docker-library__golang/1.27/alpine3.24/Dockerfile", 0),
    ("rust", "latest", "rust-lang__docker-rust/stable/trixie/Dockerfile", 0),
    ("rust", "slim", "rust-lang__docker-rust/stable/trixie/slim/Dockerfile", 0),
    ("nginx", "latest", "nginxinc__docker-nginx/mainline/debian/Dockerfile", 0),
    ("nginx", "stable", "nginxinc__docker-nginx/stable/debian/Dockerfile", 0),
    ("nginx", "alpine", "nginxinc__docker-nginx/mainline/alpine/Dockerfile", 0),
    ("nginx", "alpine-slim", "nginxinc__docker-nginx/mainline/alpine-slim/Dockerfile", 0),
    ("httpd", "latest", "docker-library__httpd/2.4/Dockerfile", 0),
    ("httpd", "alpine", "docker-library__httpd/2.4/alpine/Dockerfile", 0),
    ("postgres", "latest", "docker-library__postgres/18/trixie/Dockerfile", 0),
    ("php", "latest", "docker-library__php/8.5/trixie/cli/Dockerfile", 0),
    ("php", "fpm", "docker-library__php/8.5/trixie/fpm/Dockerfile", 0),
    ("php", "apache", "docker-library__php/8.5/trixie/apache/Dockerfile", 0),
    ("php", "fpm-alpine", "docker-library__php/8.5/alpine3.24/fpm/Dockerfile", 0),
    ("ruby", "latest", "docker-library__ruby/4.0/trixie/Dockerfile", 0),
    ("ruby", "slim", "docker-library__ruby/4.0/slim-trixie/Dockerfile", 0),
    ("eclipse-temurin", "21-jdk", "adoptium__containers/21/jdk/ubuntu/resolute/Dockerfile", 0),
    ("eclipse-temurin", "25-jdk", "adoptium__containers/25/jdk/ubuntu/resolute/Dockerfile", 0),
    ("eclipse-temurin", "17-jre", "adoptium__containers/17/jre/ubuntu/resolute/Dockerfile", 0),
    ("eclipse-temurin", "21-jre", "adoptium__containers/21/jre/ubuntu/resolute/Dockerfile", 0),
    ("eclipse-temurin", "21-jre-alpine", "adoptium__containers/21/jre/alpine/3.24/Dockerfile", 0),
    ("node", "24", "nodejs__docker-node/24/bookworm/Dockerfile", 0),
    ("node", "24-slim", "nodejs__docker-node/24/bookworm-slim/Dockerfile", 0),
    ("node", "24-alpine", "nodejs__docker-node/24/alpine3.24/Dockerfile", 0),
    ("node", "latest", "nodejs__docker-node/26/trixie/Dockerfile", 0),
    ("node", "slim", "nodejs__docker-node/26/trixie-slim/Dockerfile", 0),
    ("node", "alpine", "nodejs__docker-node/26/alpine3.24/Dockerfile", 0),
];

/// Programs that download, unpack or build: a RUN running any of them is not
/// a pure package install.
const NOT_PACKAGE: &[&str] = &[
    "curl", "wget", "tar", "unzip", "make", "cmake", "ninja", "configure", "git", "pip", "pip3",
    "gem", "npm", "yarn", "cargo", "go", "rustup-init", "docker-php-source", "docker-php-ext-configure",
    "docker-php-ext-install", "dpkg-buildpackage", "gcc", "cc",
];

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The RUN's command text, continuations joined, whitespace collapsed.
fn run_text(df: &slimfile::Dockerfile, idx: usize) -> String {
    let inst = &df.instructions[idx];
    match inst.shell_command() {
        Some(w) => squash(&w.value),
        None => squash(df.text(inst.args_range)),
    }
}

#[derive(PartialEq, Clone, Copy, Debug)]
enum Kind {
    Package,
    ThirdParty,
    Other,
}

fn classify(text: &str) -> Kind {
    let script = slimfile::shell::parse(text);
    let mut install = false;
    let mut other = false;
    for c in &script.commands {
        let Some(name) = c.name() else { continue };
        let first_pos = c.args().iter().find(|w| !w.value.starts_with('-')).map(|w| w.value.as_str());
        match (name, first_pos) {
            ("apt-get" | "apt", Some("install")) | ("apk", Some("add")) => install = true,
            ("dnf" | "yum" | "microdnf", Some("install")) => install = true,
            _ => {}
        }
        if NOT_PACKAGE.contains(&name) || name.ends_with("/configure") {
            other = true;
        }
    }
    if !install || other {
        Kind::Other
    } else if text.contains("sources.list")
        || text.contains("/etc/apk/repositories")
        || text.contains("deb http")
        || text.contains("apk add -X")
        || text.contains("--repository")
    {
        Kind::ThirdParty
    } else {
        Kind::Package
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let n = v.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

struct Pair {
    tag: String,
    base: String,
    line: usize,
    text: String,
    kind: Kind,
    estimate: u64,
    low: u64,
    high: u64,
    real: u64,
    explanation: String,
}

impl Pair {
    fn err(&self) -> f64 {
        (self.estimate as f64 - self.real as f64) / self.real as f64
    }
}

fn print_table(title: &str, pairs: &[&Pair]) {
    println!("\n{title} ({} layers)", pairs.len());
    println!(
        "{:<30} {:>5} {:>12} {:>12} {:>8}  {:<24} explanation",
        "image:tag (base)", "line", "estimate", "real", "error", "range"
    );
    for p in pairs {
        println!(
            "{:<30} {:>5} {:>12} {:>12} {:>+7.1}%  {:<24} {}",
            format!("{} ({})", p.tag, p.base),
            p.line,
            p.estimate,
            p.real,
            p.err() * 100.0,
            format!("{}–{}", p.low, p.high),
            p.explanation
        );
    }
    if !pairs.is_empty() {
        let errs: Vec<f64> = pairs.iter().map(|p| p.err().abs()).collect();
        println!("median absolute error {:.1}%", median(errs) * 100.0);
    }
}

/// Every RUN layer of the mapped Dockerfiles paired with its real size.
fn build_pairs(corpus: &std::path::Path, table: &str) -> (Vec<Pair>, Vec<String>) {
    let rows: Vec<Vec<&str>> = common::tsv_rows(table);
    let layers_of = |image: &str, tag: &str| -> Option<Vec<u64>> {
        let r = rows.iter().find(|r| r[0] == image && r[1] == tag)?;
        let list = r.get(4)?;
        let v: Vec<u64> = list.split(',').filter_map(|x| x.trim().parse().ok()).collect();
        (!v.is_empty()).then_some(v)
    };
    let mut pairs = Vec::new();
    let mut notes = Vec::new();
    for &(image, tag, path, after) in MAP {
        let Some(real_layers) = layers_of(image, tag) else {
            notes.push(format!("{image}:{tag}: no layer list in the table"));
            continue;
        };
        let Ok(src) = std::fs::read_to_string(corpus.join("official-images").join(path)) else {
            notes.push(format!("{image}:{tag}: {path} not in the corpus"));
            continue;
        };
        let df = slimfile::parse(&src);
        let est = estimate(&df, None, None, None);
        // The Dockerfile's own layers: the estimator's RUN/COPY/ADD layers
        // plus WORKDIR instructions of the same stages, in source order.
        let mut own: Vec<(usize, Option<&slimfile::estimate::LayerEstimate>)> = Vec::new();
        let froms: Vec<usize> = df
            .instructions
            .iter()
            .enumerate()
            .filter(|(_, i)| i.keyword == Keyword::From)
            .map(|(k, _)| k)
            .collect();
        for st in &est.stages {
            let start = froms.get(st.index).copied().unwrap_or(0);
            let end = froms.get(st.index + 1).copied().unwrap_or(df.instructions.len());
            for k in start + 1..end {
                let inst = &df.instructions[k];
                if inst.keyword == Keyword::Workdir {
                    own.push((k, None));
                } else if let Some(l) = st.layers.iter().find(|l| l.instruction == k) {
                    own.push((k, Some(l)));
                }
            }
        }
        let n = own.len() + after;
        if n > real_layers.len() {
            notes.push(format!("{image}:{tag}: {n} own layers but {} in the table: not aligned", real_layers.len()));
            continue;
        }
        let parent_n = real_layers.len() - n;
        let root = est.stages.first().map(|s| s.base.reference.clone()).unwrap_or_default();
        let parent = root.trim_start_matches("docker.io/").trim_start_matches("library/");
        let (pi, pt) = parent.split_once(':').unwrap_or((parent, "latest"));
        if let Some(pl) = layers_of(pi, pt) {
            if pl.len() != parent_n && after == 0 {
                notes.push(format!(
                    "{image}:{tag}: parent {parent} has {} layers, the alignment needs {parent_n}: not aligned",
                    pl.len()
                ));
                continue;
            }
        }
        for (j, (k, layer)) in own.iter().enumerate() {
            let Some(layer) = layer else { continue };
            if df.instructions[*k].keyword != Keyword::Run {
                continue;
            }
            let text = run_text(&df, *k);
            let kind = classify(&text);
            let real = real_layers[parent_n + j];
            pairs.push(Pair {
                tag: format!("{image}:{tag}"),
                base: parent.to_string(),
                line: layer.line,
                text,
                kind,
                estimate: layer.size.compressed_bytes,
                low: layer.size.low_bytes,
                high: layer.size.high_bytes,
                real,
                explanation: layer.size.explanation.clone(),
            });
        }
    }
    (pairs, notes)
}

/// The sorted package names a RUN's installs request (apt-get/apt install,
/// apk add), options and variables left out.
fn requested(text: &str) -> Vec<String> {
    let script = slimfile::shell::parse(text);
    let mut out = Vec::new();
    for c in &script.commands {
        let args: Vec<&str> = c.args().iter().map(|w| w.value.as_str()).collect();
        let Some(k) = args.iter().position(|a| !a.starts_with('-')) else { continue };
        let is_install = match c.name() {
            Some("apt-get" | "apt") => args[k] == "install",
            Some("apk") => args[k] == "add",
            _ => false,
        };
        if is_install {
            out.extend(args[k + 1..].iter().filter(|a| !a.starts_with('-') && !a.contains('$')).map(|a| a.to_string()));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The calibration instructions (RUN text, whitespace collapsed).
fn calibration_texts(text: &str) -> Vec<String> {
    common::tsv_rows(text)
        .iter()
        .map(|r| {
            let mut s = r[3].replace("\\t", " ").replace("\\n", " ");
            if let Some(i) = s.rfind("# buildkit") {
                s.truncate(i);
            }
            let s = squash(&s);
            s.strip_prefix("RUN ").unwrap_or(&s).to_string()
        })
        .collect()
}

#[test]
fn package_layers_out_of_sample_error_measured_and_bounded() {
    const NAME: &str = "package_layers_out_of_sample_error_measured_and_bounded";
    let Some(corpus) = common::corpus(NAME) else { return };
    let Some(data) = common::shared_data(NAME, "base-images.tsv") else { return };
    let Some(_) = common::shared_data(NAME, "layer-calibration.tsv") else { return };
    let table = std::fs::read_to_string(data.join("base-images.tsv")).unwrap();
    let calibration = calibration_texts(&std::fs::read_to_string(data.join("layer-calibration.tsv")).unwrap());
    assert_eq!(calibration.len(), 7);
    let (pairs, notes) = build_pairs(&corpus, &table);
    for n in &notes {
        println!("note: {n}");
    }
    // Every mapped tag aligned when this was written (45 of 45).
    assert!(notes.len() <= 3, "{} of {} mapped tags not aligned", notes.len(), MAP.len());
    let is_calibration = |p: &Pair| calibration.contains(&p.text);
    let calibration_lists: Vec<Vec<String>> = calibration.iter().map(|t| requested(t)).collect();
    let same_list = |p: &Pair| calibration_lists.contains(&requested(&p.text));
    // Same (instruction, base) under several tags counts once.
    let mut seen: Vec<(String, String)> = Vec::new();
    let mut unique: Vec<&Pair> = Vec::new();
    for p in &pairs {
        let key = (p.text.clone(), p.base.clone());
        if !seen.contains(&key) {
            seen.push(key);
            unique.push(p);
        }
    }
    let of = |k: Kind| unique.iter().copied().filter(move |p| p.kind == k);
    let cal: Vec<&Pair> = of(Kind::Package).filter(|p| is_calibration(p)).collect();
    let out: Vec<&Pair> = of(Kind::Package).filter(|p| !is_calibration(p)).collect();
    let third: Vec<&Pair> = of(Kind::ThirdParty).collect();
    let other: Vec<&Pair> = of(Kind::Other).collect();
    print_table("calibration instructions (in-sample: the same RUN text as a calibration row)", &cal);
    print_table("third-party repository installs (no package data: reported, not judged)", &third);
    print_table("not package installs (downloads, source builds, other commands: reported, not judged)", &other);
    print_table("OUT-OF-SAMPLE package-install layers", &out);
    let med_of = |v: &[&Pair]| median(v.iter().map(|p| p.err().abs()).collect());
    let med = med_of(&out);
    let within_range = out.iter().filter(|p| p.low <= p.real && p.real <= p.high).count();
    let apt: Vec<&Pair> = out.iter().copied().filter(|p| p.explanation.starts_with("apt-get")).collect();
    let apk: Vec<&Pair> = out.iter().copied().filter(|p| p.explanation.starts_with("apk")).collect();
    let distinct: Vec<&Pair> = out.iter().copied().filter(|p| !same_list(p)).collect();
    let signed = median(out.iter().map(|p| p.err()).collect());
    println!(
        "out-of-sample: {} layers from {} tags, median absolute error {:.1}% (median signed error {:+.1}%), real size inside the range for {}/{}",
        out.len(),
        out.iter().map(|p| p.tag.as_str()).collect::<std::collections::BTreeSet<_>>().len(),
        med * 100.0,
        signed * 100.0,
        within_range,
        out.len()
    );
    println!(
        "  apt layers: {} (median {:.1}%); apk layers: {} (median {:.1}%); package lists unlike every calibration row: {} (median {:.1}%)",
        apt.len(),
        med_of(&apt) * 100.0,
        apk.len(),
        med_of(&apk) * 100.0,
        distinct.len(),
        med_of(&distinct) * 100.0
    );
    // Per base family: full Debian (debian:<suite>, buildpack-deps), Debian
    // `-slim`, Ubuntu (both with dpkg path-excludes), Alpine.
    let family = |p: &Pair| -> &'static str {
        if p.base.starts_with("alpine") || p.base.contains("-alpine") {
            "alpine"
        } else if p.base.starts_with("ubuntu") {
            "ubuntu"
        } else if p.base.contains("slim") {
            "debian-slim"
        } else {
            "debian-full"
        }
    };
    let mut families: Vec<(&str, f64, f64, usize)> = Vec::new();
    for f in ["debian-full", "debian-slim", "ubuntu", "alpine"] {
        let of_f: Vec<&Pair> = out.iter().copied().filter(|p| family(p) == f).collect();
        let signed = median(of_f.iter().map(|p| p.err()).collect());
        println!(
            "  {f}: {} layers, median absolute error {:.1}%, median signed error {:+.1}%",
            of_f.len(),
            med_of(&of_f) * 100.0,
            signed * 100.0
        );
        families.push((f, med_of(&of_f), signed, of_f.len()));
    }
    // Every package-install layer no constant was fitted on: the out-of-sample
    // ones plus the calibration rows other than the two small apk rows.
    let fitted = |p: &Pair| is_calibration(p) && p.explanation.starts_with("apk add") && p.real < 1_000_000;
    let unfitted: Vec<&Pair> = of(Kind::Package).filter(|p| !fitted(p)).collect();
    println!(
        "every package layer no constant was fitted on: {} layers, median absolute error {:.1}%",
        unfitted.len(),
        med_of(&unfitted) * 100.0
    );
    println!(
        "issue #4 target (median error at most 15% on package-install layers): {} out of sample ({:.1}%)",
        if med <= 0.15 { "met" } else { "NOT met" },
        med * 100.0
    );
    // What is true today, asserted so that a regression shows: the figures
    // measured when this test was written (9.2% overall, 8.8% on the 15 apt
    // layers, 15 of 18 real sizes inside the range; each apt family within
    // 13%, the apk layers 43–94% off: the Alpine data has no dependency
    // lists) with a small margin. Before the doc-exclusion and dpkg
    // bookkeeping model: 16.2% overall, 12.2% apt, slim +20% and Ubuntu +23%
    // signed.
    assert!(out.len() >= 15, "only {} out-of-sample package layers", out.len());
    assert!(apt.len() >= 12, "only {} apt layers", apt.len());
    assert!(med <= 0.12, "out-of-sample median absolute error {:.1}%", med * 100.0);
    assert!(med_of(&apt) <= 0.11, "apt layers: median absolute error {:.1}%", med_of(&apt) * 100.0);
    for (f, m, signed, n) in &families {
        if *f != "alpine" && *n > 0 {
            assert!(*m <= 0.15 && signed.abs() <= 0.12, "{f}: median {:.1}%, signed {:+.1}%", m * 100.0, signed * 100.0);
        }
    }
    assert!(within_range * 4 >= out.len() * 3, "real size inside the range for only {within_range}/{}", out.len());
}
