//! Time of the whole analysis on the pathological inputs of
//! `tests/pathological.rs`, at size n and 2n: linear time shows as a ratio
//! near 2 (printed first, from a median of 3 runs), then criterion's figures
//! at size n. Run with `cargo bench -p slimfile --bench pathological`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use std::time::Instant;

#[path = "../tests/common/inputs.rs"]
mod inputs;
use inputs::block;

type Gen = fn(usize) -> String;


fn generators() -> Vec<(&'static str, usize, Gen)> {
    vec![
        ("multi-stage blocks (n blocks of 0.5 KB)", 1_000, |n| (0..n).map(block).collect()),
        ("RUN lines (n instructions)", 10_000, |n| {
            let mut s = String::from("FROM debian:bookworm\nENV V=1\n");
            (0..n).for_each(|i| s.push_str(&format!("RUN echo $V {i}\n")));
            s
        }),
        ("continuation lines (one RUN of n lines)", 20_000, |n| {
            let mut s = String::from("FROM alpine\nRUN true");
            (0..n).for_each(|i| s.push_str(&format!(" \\\n && echo {i}")));
            s + "\n"
        }),
        ("heredocs (n RUN <<EOF)", 2_000, |n| {
            let mut s = String::from("FROM alpine:3.20\n");
            (0..n).for_each(|i| s.push_str(&format!("RUN <<EOF{i}\napk add --no-cache pkg{i}\nEOF{i}\n")));
            s
        }),
        ("ARG/ENV declarations (n pairs + RUN)", 2_000, |n| {
            let mut s = String::from("FROM alpine\n");
            (0..n).for_each(|i| s.push_str(&format!("ARG A{i}=1\nENV E{i}=$A{i}\nRUN echo $E{i}\n")));
            s
        }),
        ("stage chain (n stages FROM the previous)", 1_000, |n| {
            let mut s = String::from("FROM alpine AS s0\n");
            (1..n).for_each(|i| s.push_str(&format!("FROM s{} AS s{i}\nENV E{i}=x\nRUN echo $E{i}\n", i - 1)));
            s
        }),
        ("apt RUNs (n)", 500, |n| {
            let mut s = String::from("FROM debian:bookworm\n");
            (0..n).for_each(|i| s.push_str(&format!("RUN apt-get update && apt-get install -y curl{i}\n")));
            s
        }),
        ("nested ${A:-...} (n levels)", 5_000, |n| {
            format!("FROM alpine\nENV X={}x{}\nRUN echo {}x{}\n", "${A:-".repeat(n), "}".repeat(n), "${A:-".repeat(n), "}".repeat(n))
        }),
        ("one long line (n words)", 5_000, |n| {
            let mut s = String::from("FROM alpine\nRUN echo");
            (0..n).for_each(|i| s.push_str(&format!(" w{i}")));
            s + "\n"
        }),
    ]
}

fn analyze(text: &str) -> usize {
    slimfile::analyze(&slimfile::Input { dockerfile: text, dockerignore: Some("node_modules\n"), config: None })
        .findings
        .len()
}

fn median_ms(text: &str) -> f64 {
    let mut t: Vec<f64> = (0..3)
        .map(|_| {
            let s = Instant::now();
            std::hint::black_box(analyze(text));
            s.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[1]
}

/// Each rule's check alone on `text` (the best of 3 runs), in milliseconds.
fn rule_times(text: &str) -> Vec<(&'static str, f64)> {
    let df = slimfile::parse(text);
    let ignore = slimfile::dockerignore::DockerIgnore::parse("node_modules\n");
    let config = slimfile::lint::Config::default();
    let ctx = slimfile::lint::Context::new(&df, Some(&ignore), &config);
    slimfile::rules::all()
        .iter()
        .map(|r| {
            let best = (0..3)
                .map(|_| {
                    let s = Instant::now();
                    let mut out = Vec::new();
                    (r.check)(&ctx, &mut out);
                    std::hint::black_box(out);
                    s.elapsed().as_secs_f64() * 1e3
                })
                .fold(f64::INFINITY, f64::min);
            (r.code, best)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    eprintln!("{:<45} {:>10} {:>10} {:>10} {:>7}", "input", "bytes(n)", "n ms", "2n ms", "ratio");
    for (name, n, gen) in generators() {
        let (a, b) = (gen(n), gen(2 * n));
        let (ta, tb) = (median_ms(&a), median_ms(&b));
        eprintln!("{name:<45} {:>10} {ta:>10.1} {tb:>10.1} {:>7.2}", a.len(), tb / ta);
    }
    // Per rule: the rules whose time more than triples from n to 2n (and
    // takes at least 20 ms at 2n) are the superlinear ones.
    eprintln!("\nsuperlinear rules (time at n and 2n, ratio > 3, at least 20 ms at 2n):");
    for (name, n, gen) in generators() {
        let (a, b) = (rule_times(&gen(n)), rule_times(&gen(2 * n)));
        for ((code, ta), (_, tb)) in a.iter().zip(&b) {
            if *tb >= 20.0 && *tb > 3.0 * ta {
                eprintln!("  {name:<45} {code:<24} {ta:>9.1} ms {tb:>9.1} ms {:>6.2}", tb / ta);
            }
        }
    }
    let mut g = c.benchmark_group("pathological");
    g.sample_size(10);
    for (name, n, gen) in generators() {
        let text = gen(n);
        g.bench_with_input(BenchmarkId::new(name, n), &text, |b, t| b.iter(|| analyze(t)));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
