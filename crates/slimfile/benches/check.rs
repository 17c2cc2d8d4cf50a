//! The whole analysis (`slimfile check`'s work: parse, semantic and shell
//! models, every rule, suppressions, fix costs) and the size estimate over
//! every Dockerfile of the shared corpus, one file at a time. Prints the
//! mean per file. Skips with a message when the corpus is absent.
//! Run with `cargo bench -p slimfile --bench check`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
mod common;

fn bench(c: &mut Criterion) {
    let Some(files) = common::corpus_files() else {
        eprintln!("SKIPPED check/estimate benches");
        return;
    };
    let bytes: usize = files.iter().map(String::len).sum();
    let label = format!("corpus ({} files, {} KB)", files.len(), bytes / 1024);
    // One quick pass first, to print the per-file mean next to criterion's total.
    let start = std::time::Instant::now();
    let findings: usize = files
        .iter()
        .map(|f| slimfile::analyze(&slimfile::Input { dockerfile: f, ..Default::default() }).findings.len())
        .sum();
    let once = start.elapsed();
    eprintln!(
        "check: {} files, {} findings, one pass {:.1} ms = {:.1} µs per file",
        files.len(),
        findings,
        once.as_secs_f64() * 1e3,
        once.as_secs_f64() * 1e6 / files.len() as f64
    );
    let mut g = c.benchmark_group("check");
    g.throughput(Throughput::Elements(files.len() as u64));
    g.sample_size(10);
    g.bench_function(&label, |b| {
        b.iter(|| {
            files
                .iter()
                .map(|f| slimfile::analyze(&slimfile::Input { dockerfile: f, ..Default::default() }).findings.len())
                .sum::<usize>()
        })
    });
    g.finish();
    let mut g = c.benchmark_group("estimate");
    g.throughput(Throughput::Elements(files.len() as u64));
    g.sample_size(10);
    g.bench_function(&label, |b| {
        b.iter(|| {
            files
                .iter()
                .map(|f| slimfile::estimate::estimate(&slimfile::parse(f), None, None, None).final_.compressed_bytes)
                .sum::<u64>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
