//! Estimator cost: a typical multi-stage Dockerfile (apt closures with and
//! without recommends, apk, npm, COPY) with and without a 10,000-file build
//! context, and the first-use cost is excluded (the data is parsed once).
//! Run with `cargo bench -p slimfile --bench estimate`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use slimfile::dockerignore::DockerIgnore;
use slimfile::estimate::{estimate, ContextFile};

const DOCKERFILE: &str = "\
FROM node:24-alpine AS web
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci && npm cache clean --force
COPY . .
RUN npm run build

FROM debian:bookworm AS tools
RUN set -ex; apt-get update; apt-get install -y --no-install-recommends autoconf automake bzip2 \
    default-libmysqlclient-dev dpkg-dev file g++ gcc imagemagick libbz2-dev libc6-dev \
    libcurl4-openssl-dev libdb-dev libevent-dev libffi-dev libgdbm-dev libglib2.0-dev libgmp-dev \
    libjpeg-dev libkrb5-dev liblzma-dev libmagickcore-dev libmagickwand-dev libmaxminddb-dev \
    libncurses5-dev libncursesw5-dev libpng-dev libpq-dev libreadline-dev libsqlite3-dev libssl-dev \
    libtool libwebp-dev libxml2-dev libxslt-dev libyaml-dev make patch unzip xz-utils zlib1g-dev; \
    rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y python3-pip git

FROM tools
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
COPY --from=web /app/dist /srv
COPY src /srv/src
COPY . /context
";

fn context() -> Vec<ContextFile> {
    (0..10_000)
        .map(|i| {
            let dir = ["src", "node_modules", "assets", ".git"][i % 4];
            let ext = ["js", "png", "json", "bin"][i % 4];
            ContextFile::new(
                format!("{dir}/d{}/f{i}.{ext}", i % 50),
                (i as u64 * 37) % 100_000,
            )
        })
        .collect()
}

/// The embedded Debian data, as the core embeds it.
const BOOKWORM: &str = include_str!("../data/debian-bookworm.pkgs");
const TRIXIE: &str = include_str!("../data/debian-trixie.pkgs");

fn bench(c: &mut Criterion) {
    // Data loading: what the first estimate pays once (parsing a suite's
    // package table; the base-image and Alpine tables are far smaller).
    c.bench_function("data/parse Debian bookworm package table", |b| {
        b.iter(|| slimfile::sizedata::PackageDb::parse("bookworm", black_box(BOOKWORM)).map(|db| db.len()))
    });
    c.bench_function("data/parse Debian trixie package table", |b| {
        b.iter(|| slimfile::sizedata::PackageDb::parse("trixie", black_box(TRIXIE)).map(|db| db.len()))
    });
    let df = slimfile::parse(DOCKERFILE);
    let ctx = context();
    let ignore = DockerIgnore::parse("node_modules\n.git\n*.log\n");
    // First use parses the embedded data; keep it out of the timings.
    black_box(estimate(&df, None, None, None));
    c.bench_function("estimate/multi-stage, no context", |b| {
        b.iter(|| estimate(black_box(&df), None, None, None))
    });
    c.bench_function(
        "estimate/multi-stage, 10k-file context + .dockerignore",
        |b| b.iter(|| estimate(black_box(&df), Some(&ignore), Some(&ctx), None)),
    );
    c.bench_function("estimate/parse + estimate, first stage target", |b| {
        b.iter(|| {
            estimate(
                &slimfile::parse(black_box(DOCKERFILE)),
                None,
                None,
                Some("web"),
            )
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
