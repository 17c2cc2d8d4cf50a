//! The size view: every figure is the estimator's, formatted in the CLI's
//! unit (decimal MB, one decimal) and labelled with its measure; unknown
//! parts stay unknown.

use slimfile::estimate::{estimate, ContextFile};
use slimfile::sizedata;
use slimfile_web::size_view::{format_mb, format_range, Measure, PartKind, SizeView};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn view(text: &str) -> SizeView {
    SizeView::of(text, None)
}

#[wasm_bindgen_test(unsupported = test)]
fn units_are_the_clis_decimal_megabytes() {
    assert_eq!(format_mb(0), "0.0 MB");
    assert_eq!(format_mb(1_000_000), "1.0 MB");
    assert_eq!(format_mb(1_048_576), "1.0 MB");
    assert_eq!(format_mb(408_949_206), "408.9 MB");
    assert_eq!(format_range(85_000_000, 120_000_000), "85.0–120.0 MB");
    // A range too narrow to show is one value.
    assert_eq!(format_range(5_000_000, 5_010_000), "5.0 MB");
}

#[wasm_bindgen_test(unsupported = test)]
fn node_latest_shows_its_published_compressed_size() {
    let row = sizedata::base_image("node", "latest").expect("node:latest is in the data");
    let v = view("FROM node:latest\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"index.js\"]\n");
    let base = v.parts().find(|p| p.kind == PartKind::Base).expect("a base part");
    assert!(base.known);
    assert_eq!(base.compressed, row.compressed);
    assert_eq!(base.uncompressed, row.uncompressed);
    assert_eq!(base.label, format!("{}:{}", row.image, row.resolved_tag));
    let mb = format!("{:.1} MB", row.compressed as f64 / 1_000_000.0);
    assert_eq!(base.text(Measure::Compressed), mb);
    let tip = base.tooltip(Measure::Compressed);
    assert!(tip.contains(&mb) && tip.contains("compressed (pull)"), "{tip}");
    let disk = format!("{:.1} MB", row.uncompressed as f64 / 1_000_000.0);
    assert!(base.tooltip(Measure::Uncompressed).contains(&format!("{disk} uncompressed (disk)")));
    // The FROM line is the base's cursor target.
    assert_eq!(base.line, Some(1));
    assert_eq!(base.range.map(|r| r.start), Some(0));
    // COPY without a build context is unknown and not in the total.
    let copy = v.parts().find(|p| p.label == "COPY").expect("the COPY layer");
    assert!(!copy.known);
    assert_eq!(copy.text(Measure::Compressed), "unknown");
    assert!(copy.tooltip(Measure::Compressed).contains("no build-context listing"));
    assert_eq!(v.unknown_parts, 1);
    let total = v.total_text(Measure::Compressed);
    assert!(total.starts_with(&mb) && total.contains("compressed (pull) + 1 part(s) of unknown size"), "{total}");
}

#[wasm_bindgen_test(unsupported = test)]
fn figures_are_the_estimators_and_ranges_stay_ranges() {
    let text = "FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\nRUN pip install numpy\n";
    let df = slimfile::parse(text);
    let est = estimate(&df, None, None, None);
    let v = SizeView::build(&est, &df);
    let layers: Vec<_> = est.stages.iter().flat_map(|s| &s.layers).collect();
    let rows: Vec<_> = v.parts().filter(|p| p.kind == PartKind::Added).collect();
    assert_eq!(rows.len(), layers.len());
    for (row, l) in rows.iter().zip(&layers) {
        assert_eq!((row.compressed, row.uncompressed, row.low, row.high), (
            l.size.compressed_bytes,
            l.size.uncompressed_bytes,
            l.size.low_bytes,
            l.size.high_bytes
        ));
        assert_eq!(row.explanation, l.size.explanation);
        assert_eq!(row.line, Some(l.line));
        if row.low != row.high {
            assert_eq!(row.text(Measure::Compressed), format_range(row.low, row.high));
            assert!(row.text(Measure::Compressed).contains('–'));
        }
    }
    assert_eq!(v.total(Measure::Compressed), est.final_.compressed_bytes);
    assert_eq!(v.total(Measure::Uncompressed), est.final_.uncompressed_bytes);
    assert!(v.total_text(Measure::Compressed).contains(&format_range(est.final_.low_bytes, est.final_.high_bytes)));
    assert!(v.total_text(Measure::Uncompressed).ends_with("uncompressed (disk)"));
    let (base, added) = v.base_and_added(Measure::Compressed);
    assert_eq!(base + added, est.final_.compressed_bytes);
}

#[wasm_bindgen_test(unsupported = test)]
fn biggest_layers_first_unknown_last_with_their_byte_ranges() {
    let text = "FROM python:3.12-slim\nRUN mkdir /x\nCOPY --from=busybox /bin/sh /sh\nRUN pip install pandas\nRUN pip install flask\n";
    let v = view(text);
    let list = v.biggest_layers(Measure::Compressed);
    assert_eq!(list.len(), 4);
    assert!(list[0].snippet.contains("pandas"), "{:?}", list[0]);
    assert!(list[1].snippet.contains("flask"));
    assert!(list[2].snippet.contains("mkdir"));
    assert!(!list[3].known && list[3].label == "COPY");
    for w in list[..3].windows(2) {
        assert!(w[0].compressed >= w[1].compressed);
    }
    // The clicked layer's range is its instruction's.
    let r = list[0].range.unwrap();
    assert_eq!(&text[r.start..r.end], "RUN pip install pandas");
}

#[wasm_bindgen_test(unsupported = test)]
fn stages_of_the_chain_and_copy_with_a_context() {
    let text = "FROM alpine:3.24 AS base\nRUN apk add --no-cache curl\nFROM base\nCOPY app /app\n";
    let df = slimfile::parse(text);
    let ctx = [ContextFile::new("app/a.bin", 2_000_000), ContextFile::new("other", 5)];
    let est = estimate(&df, None, Some(&ctx), None);
    let v = SizeView::build(&est, &df);
    assert_eq!(v.stages.len(), 2);
    assert_eq!(v.stages[0].label, "stage 0 (base)");
    assert_eq!(v.stages[0].parts[0].kind, PartKind::Base);
    // FROM <stage> has no base part of its own.
    assert!(v.stages[1].parts.iter().all(|p| p.kind == PartKind::Added));
    let copy = &v.stages[1].parts[0];
    assert!(copy.known);
    assert_eq!(copy.uncompressed, 2_000_000);
    assert_eq!(copy.text(Measure::Uncompressed), "2.0 MB");
    assert_eq!(v.unknown_parts, 0);
    assert_eq!(
        v.stages.iter().map(|s| s.known_bytes(Measure::Uncompressed)).sum::<u64>(),
        v.total(Measure::Uncompressed)
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn before_and_after() {
    let before = view("FROM node:22\nCMD [\"node\"]\n");
    let after = view("FROM node:22-slim\nCMD [\"node\"]\n");
    let c = before.compare(&after, Measure::Compressed);
    assert_eq!(c.before, before.total_compressed);
    assert_eq!(c.after, after.total_compressed);
    assert!(c.after < c.before);
    let d = c.before - c.after;
    let text = c.text();
    assert!(text.starts_with(&format!("−{}", format_mb(d))), "{text}");
    assert!(text.ends_with("compressed (pull)"));
    let same = before.compare(&before, Measure::Uncompressed);
    assert_eq!(same.text(), "no change (uncompressed (disk))");
    // Different unknown parts: no saving claimed.
    let unknown = view("FROM node:22\nCOPY . .\n");
    let c = before.compare(&unknown, Measure::Compressed);
    assert!(!c.comparable());
    assert!(c.text().starts_with("not comparable"));
}

#[wasm_bindgen_test(unsupported = test)]
fn no_from_and_unknown_base() {
    let v = view("# nothing\n");
    assert!(v.stages.is_empty());
    assert_eq!(v.total(Measure::Compressed), 0);
    let v = view("FROM example.invalid/none:1\n");
    let base = v.parts().next().unwrap();
    assert!(!base.known);
    assert_eq!(base.text(Measure::Uncompressed), "unknown");
    assert!(base.tooltip(Measure::Compressed).contains("not in the base-image data"));
}
