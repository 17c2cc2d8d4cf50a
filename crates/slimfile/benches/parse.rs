//! Parse throughput: the whole corpus (goal: over 100 MB/s natively) and the
//! pathological RUN with 100,000 continuation lines (goal: well under 1 s).
//! Run with `cargo bench -p slimfile --bench parse`.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
mod common;

/// The corpus, or a generated file where there is none.
fn corpus_files() -> Vec<String> {
    common::corpus_files().unwrap_or_else(|| {
        eprintln!("benchmarking a generated file instead");
        vec![generated()]
    })
}

/// A representative multi-stage Dockerfile, for machines without the corpus.
fn generated() -> String {
    let mut s = String::from("# syntax=docker/dockerfile:1\nARG BASE=debian:bookworm-slim\nFROM $BASE AS build\n");
    for i in 0..50 {
        s.push_str(&format!(
            "RUN apt-get update && \\\n    apt-get install -y --no-install-recommends pkg{i} && \\\n    rm -rf /var/lib/apt/lists/*\nENV VAR{i}=value{i}\nCOPY --chown=app:app src{i} /app/src{i}\n"
        ));
    }
    s.push_str("FROM scratch\nCOPY --from=build /app /app\nCMD [\"/app/run\"]\n");
    s
}

fn continuation_run(lines: usize) -> String {
    let mut s = String::from("FROM alpine\nRUN true");
    for i in 0..lines {
        s.push_str(&format!(" \\\n  && echo {i}"));
    }
    s.push('\n');
    s
}

fn bench(c: &mut Criterion) {
    let files = corpus_files();
    let bytes: usize = files.iter().map(String::len).sum();
    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function(format!("corpus ({} files, {} KB)", files.len(), bytes / 1024), |b| {
        b.iter(|| {
            let mut n = 0;
            for f in &files {
                n += slimfile::parse(f).instructions.len();
            }
            n
        })
    });
    let big = continuation_run(100_000);
    g.throughput(Throughput::Bytes(big.len() as u64));
    g.sample_size(10);
    g.bench_function("RUN with 100,000 continuation lines", |b| {
        b.iter_batched(|| (), |_| slimfile::parse(&big).instructions.len(), BatchSize::SmallInput)
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
