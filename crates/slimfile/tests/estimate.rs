//! The size estimator: the article's Node example step by step, and unit
//! behaviour (recommends, cleanup in the same vs a later RUN, apk cache,
//! unknown COPY, stage chains).

use slimfile::dockerignore::DockerIgnore;
use slimfile::estimate::{estimate, Confidence, ContextFile, Estimate};
use slimfile::sizedata;

fn est(src: &str) -> Estimate {
    estimate(&slimfile::parse(src), None, None, None)
}

fn layer_sum(e: &Estimate) -> u64 {
    e.stages
        .iter()
        .flat_map(|s| &s.layers)
        .map(|l| l.size.compressed_bytes)
        .sum()
}

// ---- the article's Node example ("Optimizing Docker Image Size") ----------

/// A synthetic build context of a small React app: sources, assets, a lock
/// file, a big node_modules and a .git folder.
fn app_context() -> Vec<ContextFile> {
    let mut v = vec![
        ContextFile::new("package.json", 1_200),
        ContextFile::new("package-lock.json", 350_000),
        ContextFile::new("Dockerfile", 300),
        ContextFile::new("README.md", 4_000),
        ContextFile::new("src/index.js", 12_000),
        ContextFile::new("src/App.js", 30_000),
        ContextFile::new("src/App.css", 8_000),
        ContextFile::new("public/index.html", 2_000),
        ContextFile::new("public/logo.png", 600_000),
    ];
    for i in 0..200 {
        v.push(ContextFile::new(
            format!("node_modules/pkg{i}/index.js"),
            700_000,
        ));
    }
    v.push(ContextFile::new("node_modules/.bin/esbuild", 9_000_000));
    for i in 0..20 {
        v.push(ContextFile::new(
            format!(".git/objects/pack/p{i}.pack"),
            1_000_000,
        ));
    }
    v
}

const STEP1: &str = "FROM node:latest\nWORKDIR /app\nCOPY . .\nRUN npm install\nEXPOSE 3000\nCMD [\"npm\", \"start\"]\n";
const STEP2: &str = "FROM node:alpine\nWORKDIR /app\nCOPY . .\nRUN npm install\nEXPOSE 3000\nCMD [\"npm\", \"start\"]\n";
const STEP3: &str = "FROM node:alpine\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm install --production\nCOPY . .\nEXPOSE 3000\nCMD [\"npm\", \"start\"]\n";
const STEP4_IGNORE: &str = "node_modules\n.git\nnpm-debug.log\nDockerfile\n";
const STEP5: &str = "FROM node:alpine AS builder\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm install\nCOPY . .\nRUN npm run build\n\nFROM nginx:alpine\nCOPY --from=builder /app/build /usr/share/nginx/html\nEXPOSE 80\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n";

#[test]
fn article_node_example_falls_at_every_step() {
    let ctx = app_context();
    let ignore = DockerIgnore::parse(STEP4_IGNORE);
    let steps = [
        (
            "1 node:latest",
            estimate(&slimfile::parse(STEP1), None, Some(&ctx), None),
            ("node", "latest"),
        ),
        (
            "2 node:alpine",
            estimate(&slimfile::parse(STEP2), None, Some(&ctx), None),
            ("node", "alpine"),
        ),
        (
            "3 cache-ordered, --production",
            estimate(&slimfile::parse(STEP3), None, Some(&ctx), None),
            ("node", "alpine"),
        ),
        (
            "4 .dockerignore",
            estimate(&slimfile::parse(STEP3), Some(&ignore), Some(&ctx), None),
            ("node", "alpine"),
        ),
        (
            "5 multi-stage nginx:alpine",
            estimate(&slimfile::parse(STEP5), Some(&ignore), Some(&ctx), None),
            ("nginx", "alpine"),
        ),
    ];
    let mut prev = u64::MAX;
    for (name, e, (image, tag)) in &steps {
        let f = &e.final_;
        println!(
            "step {name}: {:.1} MB compressed (range {:.1}–{:.1}), {:.1} MB uncompressed, unknown parts {}",
            f.compressed_bytes as f64 / 1e6,
            f.low_bytes as f64 / 1e6,
            f.high_bytes as f64 / 1e6,
            f.uncompressed_bytes as f64 / 1e6,
            f.unknown_parts
        );
        for st in &e.stages {
            println!(
                "    base {:>8.1} MB  {}",
                st.base.size.compressed_bytes as f64 / 1e6,
                st.base.size.explanation
            );
            for l in &st.layers {
                println!(
                    "    {:>2} {:<4} {:>8.1} MB  {}",
                    l.line,
                    l.keyword,
                    l.size.compressed_bytes as f64 / 1e6,
                    l.size.explanation
                );
            }
        }
        // The base part is the data's published size.
        let row = sizedata::base_image(image, tag).unwrap();
        assert_eq!(
            e.stages[0].base.size.compressed_bytes, row.compressed,
            "step {name}"
        );
        assert_eq!(
            e.stages[0].base.size.uncompressed_bytes, row.uncompressed,
            "step {name}"
        );
        assert!(
            f.compressed_bytes < prev,
            "step {name} does not fall: {} >= {prev}",
            f.compressed_bytes
        );
        prev = f.compressed_bytes;
    }
    // Step 5: only nginx:alpine's chain counts; the copied build is unknown.
    let last = &steps[4].1;
    assert_eq!(last.stages.len(), 1);
    assert_eq!(last.final_.unknown_parts, 1);
    assert_eq!(
        last.final_.compressed_bytes,
        sizedata::base_image("nginx", "alpine").unwrap().compressed
    );
    // Step 4: `COPY . .` is exact and leaves node_modules and .git out.
    let copy = steps[3].1.stages[0]
        .layers
        .iter()
        .rfind(|l| l.keyword == "COPY")
        .unwrap();
    assert_eq!(
        copy.size.uncompressed_bytes,
        1_200 + 350_000 + 4_000 + 12_000 + 30_000 + 8_000 + 2_000 + 600_000
    );
}

// ---- unit behaviour --------------------------------------------------------

#[test]
fn apt_recommends_on_costs_more_than_off() {
    let on = est("FROM debian:bookworm\nRUN apt-get update && apt-get install -y python3-pip && rm -rf /var/lib/apt/lists/*\n");
    let off = est("FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends python3-pip && rm -rf /var/lib/apt/lists/*\n");
    let opt = est("FROM debian:bookworm\nRUN apt-get update && apt-get -o APT::Install-Recommends=false install -y python3-pip && rm -rf /var/lib/apt/lists/*\n");
    let conf = est("FROM debian:bookworm\nRUN echo 'APT::Install-Recommends \"false\";' > /etc/apt/apt.conf.d/norec\nRUN apt-get update && apt-get install -y python3-pip && rm -rf /var/lib/apt/lists/*\n");
    let (a, b) = (layer_sum(&on), layer_sum(&off));
    // The notes' table: 454.7 vs 45.7 MiB installed on bookworm.
    assert!(a > 5 * b, "{a} vs {b}");
    assert_eq!(layer_sum(&opt), b);
    assert_eq!(layer_sum(&conf), b);
    let l = &off.stages[0].layers[0].size;
    assert!(
        l.explanation.contains("recommends off"),
        "{}",
        l.explanation
    );
    assert!(
        l.explanation.contains("Debian bookworm"),
        "{}",
        l.explanation
    );
    assert!(l.low_bytes < l.compressed_bytes && l.compressed_bytes < l.high_bytes);
    assert!(l.uncompressed_bytes > l.compressed_bytes);
}

#[test]
fn apt_lists_cleanup_counts_only_in_the_same_run() {
    let same = est("FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n");
    let later = est("FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nRUN rm -rf /var/lib/apt/lists/*\n");
    let kept = est("FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n");
    let diff = layer_sum(&later) as i64 - layer_sum(&same) as i64;
    // ≈ 19.9 MB of lists × 0.9.
    assert!((15_000_000..22_000_000).contains(&diff), "{diff}");
    assert_eq!(
        layer_sum(&later),
        layer_sum(&kept),
        "the later rm layer adds nothing and frees nothing"
    );
    assert!(later.stages[0].layers[1].size.compressed_bytes == 0);
    assert!(kept.stages[0].layers[0]
        .size
        .explanation
        .contains("apt lists"));
}

#[test]
fn apt_purge_in_the_same_run_and_packages_already_installed() {
    let kept = est("FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev && rm -rf /var/lib/apt/lists/*\n");
    let purged = est("FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev && make && apt-get purge -y --auto-remove gcc libc6-dev && rm -rf /var/lib/apt/lists/*\n");
    // `make` adds a bounded unknown build; the packages themselves are gone.
    let pk = &purged.stages[0].layers[0].size;
    assert!(
        pk.explanation.contains("purged in the same RUN"),
        "{}",
        pk.explanation
    );
    assert!(
        pk.explanation.contains("apt-get install: 0 packages"),
        "{}",
        pk.explanation
    );
    assert!(layer_sum(&kept) > 0);
    let twice = est("FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n");
    assert_eq!(
        twice.stages[0].layers[1].size.compressed_bytes, 0,
        "{}",
        twice.stages[0].layers[1].size.explanation
    );
}

#[test]
fn apk_no_cache_and_virtual_build_deps() {
    let no_cache = est("FROM alpine:3.24\nRUN apk add --no-cache tzdata\n");
    let cache = est("FROM alpine:3.24\nRUN apk add tzdata\n");
    let removed = est("FROM alpine:3.24\nRUN apk add tzdata && rm -rf /var/cache/apk/*\n");
    assert!(layer_sum(&cache) > layer_sum(&no_cache) + 1_000_000);
    assert_eq!(layer_sum(&removed), layer_sum(&no_cache));
    let l = &no_cache.stages[0].layers[0].size;
    assert_eq!(l.confidence, Confidence::Medium);
    assert!(
        l.explanation.contains("apk add: 1 packages"),
        "{}",
        l.explanation
    );
    let virt = est("FROM alpine:3.24\nRUN apk add --no-cache --virtual .build-deps tzdata ca-certificates && echo build && apk del .build-deps\n");
    assert!(
        layer_sum(&virt) < layer_sum(&no_cache),
        "{}",
        virt.stages[0].layers[0].size.explanation
    );
    let unknown_pkg = est("FROM alpine:3.24\nRUN apk add --no-cache some-package-nobody-has\n");
    assert_eq!(
        unknown_pkg.stages[0].layers[0].size.confidence,
        Confidence::Low
    );
}

#[test]
fn copy_without_context_is_unknown_and_out_of_the_totals() {
    let e = est("FROM alpine:3.24\nCOPY . /app\nCOPY --from=busybox:latest /bin/busybox /bin/\nLABEL a=b\nENV X=1\nCMD [\"sh\"]\n");
    let layers = &e.stages[0].layers;
    assert_eq!(layers.len(), 2, "metadata instructions are not size layers");
    for l in layers {
        assert!(!l.size.known);
        assert_eq!(l.size.compressed_bytes, 0);
    }
    assert!(layers[0]
        .size
        .explanation
        .contains("no build-context listing"));
    assert_eq!(e.final_.unknown_parts, 2);
    assert_eq!(
        e.final_.compressed_bytes,
        sizedata::base_image("alpine", "3.24").unwrap().compressed
    );
    // Heredoc COPY is known without a context.
    let h = est("FROM alpine:3.24\nCOPY <<EOF /x\nhello\nEOF\n");
    assert!(h.stages[0].layers[0].size.known);
}

#[test]
fn copy_sources_globs_and_dockerignore() {
    let ctx = vec![
        ContextFile::new("package.json", 100),
        ContextFile::new("package-lock.json", 1_000),
        ContextFile::new("src/a.js", 10),
        ContextFile::new("src/b.txt", 20),
        ContextFile::new("./dist/app.bin", 5_000),
    ];
    let df = slimfile::parse(
        "FROM scratch\nCOPY package*.json ./\nCOPY src/ /src\nCOPY [\"dist\", \"/d\"]\nCOPY . .\n",
    );
    let ig = DockerIgnore::parse("dist\n*.txt\nsrc/*.txt\n");
    let e = estimate(&df, Some(&ig), Some(&ctx), None);
    let u: Vec<u64> = e.stages[0]
        .layers
        .iter()
        .map(|l| l.size.uncompressed_bytes)
        .collect();
    assert_eq!(u, [1_100, 10, 0, 1_110]);
    assert_eq!(
        e.stages[0].layers[2].size.confidence,
        Confidence::Low,
        "no match: the build would fail"
    );
}

#[test]
fn stage_chains_and_targets() {
    let src = "FROM debian:bookworm-slim AS base\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n\
FROM base AS app\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n\
FROM golang:1.25-alpine AS build\nRUN go build -o /out ./...\n";
    let df = slimfile::parse(src);
    let e = estimate(&df, None, None, Some("app"));
    assert_eq!(e.stages.iter().map(|s| s.index).collect::<Vec<_>>(), [0, 1]);
    assert_eq!(e.stages[1].base.stage, Some(0));
    assert_eq!(e.stages[1].base.size.compressed_bytes, 0);
    assert_eq!(
        e.stages[1].layers[0].size.compressed_bytes, 0,
        "curl is already in the parent stage"
    );
    let last = estimate(&df, None, None, None);
    assert_eq!(last.stages.len(), 1);
    assert_eq!(last.stages[0].index, 2);
    assert_eq!(last.stages[0].layers[0].size.confidence, Confidence::Low);
    let unknown_target = estimate(&df, None, None, Some("nope"));
    assert!(!unknown_target.notes.is_empty());
}

#[test]
fn language_caches() {
    let cached = est("FROM python:3.12-slim\nRUN pip install flask\n");
    let clean = est("FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n");
    let envd = est("FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n");
    assert!(layer_sum(&cached) > layer_sum(&clean));
    assert_eq!(layer_sum(&envd), layer_sum(&clean));
    let npm = est("FROM node:24-alpine\nRUN npm ci\n");
    let npm_clean = est("FROM node:24-alpine\nRUN npm ci && npm cache clean --force\n");
    let npm_mount = est("FROM node:24-alpine\nRUN --mount=type=cache,target=/root/.npm npm ci\n");
    assert!(layer_sum(&npm) > layer_sum(&npm_clean));
    assert_eq!(layer_sum(&npm_mount), layer_sum(&npm_clean));
}

#[test]
fn odd_inputs_never_panic() {
    for src in [
        "",
        "FROM",
        "FROM $UNSET\nRUN apt-get install -y curl\n",
        "FROM scratch\nRUN apk add\n",
        "FROM unknown-image:1\nRUN apt-get install $PKGS && yum install -y x\n",
        "FROM alpine@sha256:0123456789012345678901234567890123456789012345678901234567890123\n",
        "FROM a AS a\nFROM a\nCOPY --from=a / /\n",
        "FROM ubuntu:24.04\nRUN apt update && apt install -y curl\nONBUILD RUN apk add x\nCOPY\nADD https://x/y.tgz /\n",
        "FROM alpine\nRUN <<EOF\napk add tzdata\nEOF\n",
    ] {
        let e = est(src);
        assert!(e.final_.low_bytes <= e.final_.high_bytes, "{src}");
    }
    let ubuntu = est("FROM ubuntu:24.04\nRUN apt update && apt install -y curl\n");
    assert!(ubuntu.stages[0].layers[0]
        .size
        .explanation
        .contains("apt lists"));
    let heredoc = est("FROM alpine:3.24\nRUN <<EOF\napk add --no-cache tzdata\nEOF\n");
    assert!(
        layer_sum(&heredoc) > 300_000,
        "{}",
        heredoc.stages[0].layers[0].size.explanation
    );
}

mod never_panics {
    use proptest::prelude::*;

    fn fragment() -> impl Strategy<Value = &'static str> {
        prop_oneof![
            Just("FROM debian:bookworm"),
            Just("FROM alpine:3.24 AS a"),
            Just("FROM a"),
            Just("FROM scratch"),
            Just("FROM $X"),
            Just("FROM node:lts"),
            Just("RUN apt-get update && apt-get install -y curl git"),
            Just("RUN apt-get purge -y --auto-remove curl && rm -rf /var/lib/apt/lists/*"),
            Just("RUN apk add --virtual .b gcc && apk del .b"),
            Just("RUN apk add"),
            Just("RUN pip install -r r.txt numpy"),
            Just("RUN npm ci --omit=dev"),
            Just("RUN cargo build && go build && make && curl -o x y"),
            Just("RUN dnf install -y x"),
            Just("COPY . ."),
            Just("COPY --from=a / /"),
            Just("COPY [\"a\", \"b\"]"),
            Just("ADD x.tar.gz /"),
            Just("ADD https://x/y /"),
            Just("COPY <<EOF /x"),
            Just("EOF"),
            Just("ENV PIP_NO_CACHE_DIR=1"),
            Just("ONBUILD RUN apk add x"),
            Just("RUN <<EOF"),
            Just("\\"),
            Just("[*?"),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
        #[test]
        fn estimate_never_panics(lines in proptest::collection::vec(fragment(), 0..12), target in proptest::option::of("[a-z0-9]{1,2}")) {
            let src = lines.join("\n");
            let ctx = vec![
                slimfile::estimate::ContextFile::new("a", 10),
                slimfile::estimate::ContextFile::new("x.tar.gz", 100),
                slimfile::estimate::ContextFile::new("../[*?", 1),
            ];
            let ig = slimfile::dockerignore::DockerIgnore::parse("[\n!a\n");
            let e = slimfile::estimate::estimate(&slimfile::parse(&src), Some(&ig), Some(&ctx), target.as_deref());
            prop_assert!(e.final_.low_bytes <= e.final_.high_bytes);
        }
    }
}

#[test]
fn package_lists_held_in_env_or_arg_are_sized() {
    // `apt-get install $DEPS` sizes the packages the ENV names, exactly as if
    // they were written out; an unset variable stays a name not in the data.
    let written = est("FROM debian:trixie-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc make && rm -rf /var/lib/apt/lists/*\n");
    let via_env = est("FROM debian:trixie-slim\nENV DEPS=\"gcc make\"\nRUN apt-get update && apt-get install -y --no-install-recommends $DEPS && rm -rf /var/lib/apt/lists/*\n");
    let via_arg = est("FROM debian:trixie-slim\nARG DEPS=\"gcc make\"\nRUN apt-get update && apt-get install -y --no-install-recommends ${DEPS} && rm -rf /var/lib/apt/lists/*\n");
    let unset = est("FROM debian:trixie-slim\nRUN apt-get update && apt-get install -y --no-install-recommends $DEPS && rm -rf /var/lib/apt/lists/*\n");
    let w = &written.stages[0].layers[0].size;
    assert!(w.compressed_bytes > 10_000_000, "{}", w.explanation);
    assert_eq!(via_env.stages[0].layers[0].size.compressed_bytes, w.compressed_bytes);
    assert_eq!(via_arg.stages[0].layers[0].size.compressed_bytes, w.compressed_bytes);
    let u = &unset.stages[0].layers[0].size;
    assert!(u.compressed_bytes < w.compressed_bytes, "{}", u.explanation);
    assert!(u.explanation.contains("not in the data"), "{}", u.explanation);
    assert_eq!(u.confidence, Confidence::Low);
}

#[test]
fn buildpack_deps_tags_missing_from_the_size_table_keep_their_suite() {
    // buildpack-deps:trixie-scm is not a row of the size table; its package
    // set is still trixie minbase + the curl and scm layers, so a package it
    // already has costs nothing and the data used is trixie's.
    let e = est("FROM buildpack-deps:trixie-scm\nRUN apt-get update && apt-get install -y --no-install-recommends git gcc && rm -rf /var/lib/apt/lists/*\n");
    let l = &e.stages[0].layers[0].size;
    assert!(l.explanation.contains("Debian trixie"), "{}", l.explanation);
    let only_git = est("FROM buildpack-deps:trixie-scm\nRUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*\n");
    let g = &only_git.stages[0].layers[0].size;
    assert!(g.explanation.starts_with("apt-get install: 0 packages"), "{}", g.explanation);
}

// ---- direct costs of size findings without a fix ---------------------------

fn finding_cost(src: &str, code: &str) -> Option<slimfile::Cost> {
    let report = slimfile::analyze(&slimfile::Input { dockerfile: src, dockerignore: None, config: None });
    let f = report.findings.iter().find(|f| f.diagnostic.code == code).unwrap_or_else(|| panic!("{code} fires on {src}"));
    f.diagnostic.cost
}

#[test]
fn build_packages_left_in_the_final_image_cost_their_closure() {
    let src = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev curl && rm -rf /var/lib/apt/lists/*\n";
    let without = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n";
    let cost = finding_cost(src, "SF1015").expect("SF1015 has a cost");
    let (a, b) = (est(src).final_, est(without).final_);
    // Exactly the estimate as written minus the estimate without gcc and libc6-dev.
    assert_eq!(cost.compressed_bytes, a.compressed_bytes - b.compressed_bytes);
    assert_eq!(cost.uncompressed_bytes, a.uncompressed_bytes - b.uncompressed_bytes);
    // gcc's closure is tens of MB (Debian package data), not the whole layer.
    assert!(cost.uncompressed_bytes > 30_000_000, "{cost:?}");
    assert!(cost.compressed_bytes < a.compressed_bytes - 28_000_000, "{cost:?}");
    // Build packages the base already has cost nothing: no cost at all.
    let bp = "FROM buildpack-deps:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*\n";
    let report = slimfile::analyze(&slimfile::Input { dockerfile: bp, dockerignore: None, config: None });
    assert!(report
        .findings
        .iter()
        .filter(|f| f.diagnostic.code == "SF1015" && f.diagnostic.range.start > 30)
        .all(|f| f.diagnostic.cost.is_none()));
}

#[test]
fn an_sdk_base_costs_what_it_adds_to_its_os_image() {
    let cost = finding_cost("FROM golang:1.25\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]\n", "SF1015")
        .expect("SF1015 on the FROM has a cost");
    let sdk = sizedata::base_image("golang", "1.25").unwrap();
    let os = sizedata::base_image("debian", "trixie").unwrap();
    assert_eq!(cost.compressed_bytes, sdk.compressed - os.compressed);
    assert_eq!(cost.uncompressed_bytes, sdk.uncompressed - os.uncompressed);
    let alpine = finding_cost("FROM golang:1.25-alpine\nCOPY . .\nRUN go build -o /app .\n", "SF1015").expect("alpine SDK");
    let sdk = sizedata::base_image("golang", "1.25-alpine").unwrap();
    let os = sizedata::base_image("alpine", "3.24").unwrap();
    assert_eq!(alpine.compressed_bytes, sdk.compressed - os.compressed);
    // An SDK tag the table lacks: no cost (never a made-up number).
    assert_eq!(finding_cost("FROM golang:0.9-nosuch\nRUN go build .\n", "SF1015"), None);
}

#[test]
fn copy_from_a_stage_or_image_is_unknown_and_says_why() {
    let e = est("FROM golang:1.25 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static\nCOPY --from=build /app /app\nCOPY --from=nginx:alpine /etc/nginx/nginx.conf /etc/nginx.conf\n");
    let layers = &e.stages.last().unwrap().layers;
    assert_eq!(layers.len(), 2);
    for l in layers {
        assert!(!l.size.known, "{}", l.size.explanation);
        assert_eq!(l.size.compressed_bytes, 0);
    }
    assert!(layers[0].size.explanation.contains("what that stage built"), "{}", layers[0].size.explanation);
    assert!(layers[1].size.explanation.contains("not the size of a path inside an image"), "{}", layers[1].size.explanation);
    assert_eq!(e.final_.unknown_parts, 2);
}

/// Bases with dpkg path-excludes (`-slim` Debian, Ubuntu) unpack less of
/// each package than Installed-Size says; the layer says so. Also dpkg's own
/// bookkeeping and the certificate bundle `ca-certificates` generates.
#[test]
fn doc_excluding_bases_unpack_less_and_say_so() {
    use slimfile::estimate::figures::{DOC_SHARE_ADDED, RATIO_APT_DOC, RATIO_APT_REST};
    let layer = |base: &str, pkgs: &str| {
        let e = est(&format!(
            "FROM {base}\nRUN apt-get update && apt-get install -y --no-install-recommends {pkgs} && rm -rf /var/lib/apt/lists/*\n"
        ));
        e.stages[0].layers[0].size.clone()
    };
    let full = layer("debian:trixie", "git");
    let slim = layer("debian:trixie-slim", "git");
    assert!(!full.explanation.contains("path-excludes"), "{}", full.explanation);
    assert!(slim.explanation.contains("dpkg path-excludes"), "{}", slim.explanation);
    // Same closure (same package set): the slim layer is smaller by the
    // doc share on disk, and by the docs' compressed bytes.
    let unc_ratio = slim.uncompressed_bytes as f64 / full.uncompressed_bytes as f64;
    assert!((unc_ratio - (1.0 - DOC_SHARE_ADDED)).abs() < 0.02, "{unc_ratio}");
    let expect = (1.0 - DOC_SHARE_ADDED) * RATIO_APT_REST
        / ((1.0 - DOC_SHARE_ADDED) * RATIO_APT_REST + DOC_SHARE_ADDED * RATIO_APT_DOC);
    let comp_ratio = slim.compressed_bytes as f64 / full.compressed_bytes as f64;
    assert!((comp_ratio - expect).abs() < 0.02, "{comp_ratio} vs {expect}");
    assert!(slim.low_bytes < slim.compressed_bytes && slim.compressed_bytes < slim.high_bytes);
    let ubuntu = layer("ubuntu:24.04", "git");
    assert!(ubuntu.explanation.contains("dpkg path-excludes"), "{}", ubuntu.explanation);
    // An image built on a slim base inherits its excludes.
    assert!(layer("python:3.12-slim", "git").explanation.contains("path-excludes"));
    assert!(!layer("buildpack-deps:trixie", "jq").explanation.contains("path-excludes"));
    // dpkg bookkeeping and generated files.
    let certs = layer("debian:trixie-slim", "ca-certificates");
    assert!(certs.explanation.contains("dpkg database: file lists of"), "{}", certs.explanation);
    assert!(certs.explanation.contains("ca-certificates: files its maintainer scripts generate"), "{}", certs.explanation);
    // The bundle (~256 KB compressed) is most of this small layer.
    assert!((1_000_000..1_600_000).contains(&certs.compressed_bytes), "{}", certs.compressed_bytes);
}

/// SF1009 without a fix (a mixed list: the advice only) is costed by the
/// estimator directly: the estimate without the build packages of that
/// `apk add`.
#[test]
fn apk_build_packages_kept_cost_what_they_add() {
    let src = "FROM python:3.12-alpine\nRUN apk add --no-cache gcc musl-dev libffi-dev curl && pip install --no-cache-dir cffi\n";
    let without = "FROM python:3.12-alpine\nRUN apk add --no-cache curl && pip install --no-cache-dir cffi\n";
    let report = slimfile::analyze(&slimfile::Input { dockerfile: src, dockerignore: None, config: None });
    let f = report.findings.iter().find(|f| f.diagnostic.code == "SF1009").expect("SF1009 fires");
    assert!(f.diagnostic.fix.is_none(), "a mixed list has no fix");
    let cost = f.diagnostic.cost.expect("SF1009 has a cost");
    let (a, b) = (est(src).final_, est(without).final_);
    assert_eq!(cost.compressed_bytes, a.compressed_bytes - b.compressed_bytes);
    assert_eq!(cost.uncompressed_bytes, a.uncompressed_bytes - b.uncompressed_bytes);
    assert!(cost.compressed_bytes > 0);
    // Deleted in the same RUN: nothing to cost, and no finding.
    let grouped = "FROM python:3.12-alpine\nRUN apk add --no-cache --virtual .b gcc musl-dev && pip install cffi && apk del .b\n";
    assert!(finding_cost_opt(grouped, "SF1009").is_none());
}

fn finding_cost_opt(src: &str, code: &str) -> Option<slimfile::Cost> {
    let report = slimfile::analyze(&slimfile::Input { dockerfile: src, dockerignore: None, config: None });
    report.findings.iter().find(|f| f.diagnostic.code == code).and_then(|f| f.diagnostic.cost)
}
