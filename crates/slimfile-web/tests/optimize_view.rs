//! The Optimize panel's model: the core's optimizations as rows, with
//! savings computed from the estimator's figures (never guessed), and texts
//! that, once applied, make the same technique offer nothing again.

use slimfile::estimate::{ContextFile, Totals};
use slimfile::optimize::Technique;
use slimfile::sizedata;
use slimfile_web::examples::EXAMPLES;
use slimfile_web::optimize_view::{OptimizeView, Saving};
use slimfile_web::size_view::{format_mb, Measure};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The article's example: the Examples menu's first entry.
fn node() -> &'static str {
    EXAMPLES[0].dockerfile
}

#[wasm_bindgen_test(unsupported = test)]
fn the_articles_node_file_gets_a_base_step_to_an_alpine_variant() {
    assert!(node().starts_with("FROM node:latest\n"));
    let view = OptimizeView::build(node(), "", None);
    let base = view.row(Technique::Base).expect("a base step");
    assert_eq!(base.name, "base");
    assert!(base.unsafe_, "a new base image may change behaviour");
    assert!(!base.caveats.is_empty(), "an unsafe step says what to check");
    let first = base.dockerfile.lines().next().unwrap();
    assert!(first.starts_with("FROM node:") && first.contains("alpine"), "{first}");
    // The rest of the file is untouched.
    assert_eq!(base.dockerfile.lines().skip(1).collect::<Vec<_>>(), node().lines().skip(1).collect::<Vec<_>>());

    // The saving is at least the base images' difference in the data (the
    // layers on top are estimated the same or smaller on alpine).
    let tag = first.trim_start_matches("FROM node:");
    let old = sizedata::base_image("node", "latest").expect("node:latest in the data");
    let new = sizedata::base_image("node", tag).expect("the alpine variant in the data");
    let saved = base.saving.compressed.expect("same unknown parts before and after");
    assert!(saved > 0);
    assert!(saved >= old.compressed as i64 - new.compressed as i64, "{saved} vs {} - {}", old.compressed, new.compressed);
    let disk = base.saving.uncompressed.expect("known on disk too");
    assert!(disk >= old.uncompressed as i64 - new.uncompressed as i64);
    assert_eq!(base.saving.text(Measure::Compressed), format!("−{} compressed (pull)", format_mb(saved as u64)));
    assert!(base.saving.text(Measure::Uncompressed).ends_with(" uncompressed (disk)"));

    // The other base images considered, each with its size in both measures.
    assert!(!base.alternatives.is_empty());
    for a in &base.alternatives {
        assert!(a.compressed.ends_with("MB compressed (pull)"), "{}", a.compressed);
        assert!(a.uncompressed.ends_with("MB uncompressed (disk)"), "{}", a.uncompressed);
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn applying_a_step_then_finding_again_offers_it_no_more() {
    let view = OptimizeView::build(node(), "", None);
    for row in &view.rows {
        let again = OptimizeView::build(&row.dockerfile, &row.dockerignore, None);
        assert!(again.row(row.technique.unwrap()).is_none(), "{} offered again after applying it", row.name);
        assert_eq!(*again.dockerfile, *row.dockerfile);
    }
    let base = view.row(Technique::Base).unwrap();
    let again = OptimizeView::build(&base.dockerfile, &base.dockerignore, None);
    assert!(again.row(Technique::Base).is_none());
}

#[wasm_bindgen_test(unsupported = test)]
fn the_dockerignore_step_fills_an_empty_dockerignore_and_keeps_the_dockerfile() {
    let view = OptimizeView::build(node(), "", None);
    let row = view.row(Technique::Dockerignore).expect("a .dockerignore step for COPY . . with none");
    assert!(row.old_dockerignore.is_empty());
    assert!(row.changes_dockerignore());
    assert!(row.dockerignore.lines().any(|l| l.contains("node_modules")), "{}", row.dockerignore);
    // Other steps leave the current .dockerignore as it is.
    let base = view.row(Technique::Base).unwrap();
    assert!(!base.changes_dockerignore());
    assert!(base.changes_dockerfile());
}

#[wasm_bindgen_test(unsupported = test)]
fn apply_all_chains_every_step_and_its_saving_is_the_pipelines() {
    let view = OptimizeView::build(node(), "", None);
    let all = view.all.as_ref().expect("something to apply");
    assert_eq!(all.name, "all");
    assert!(all.technique.is_none());
    assert!(all.dockerfile.starts_with("FROM node:") && all.dockerfile.lines().next().unwrap().contains("alpine"));
    assert!(!all.dockerignore.is_empty());
    let base = view.row(Technique::Base).unwrap();
    // Known only when the chained result leaves out the same unknown parts
    // (a multi-stage rewrite copies unknown build output); then it saves at
    // least what the base step alone saves.
    if let Some(total) = all.saving.compressed {
        assert!(total >= base.saving.compressed.unwrap(), "{total}");
    } else {
        assert_eq!(all.saving.text(Measure::Compressed), "unknown compressed (pull)");
    }
    // Applied, nothing is left to offer.
    let again = OptimizeView::build(&all.dockerfile, &all.dockerignore, None);
    assert!(again.all.is_none(), "{:?}", again.rows.iter().map(|r| &r.title).collect::<Vec<_>>());
    assert!(again.rows.is_empty());
}

#[wasm_bindgen_test(unsupported = test)]
fn a_saving_is_unknown_when_the_unknown_parts_differ() {
    let t = |c: u64, u: u64, unknown: usize| Totals {
        compressed_bytes: c,
        uncompressed_bytes: u,
        low_bytes: c,
        high_bytes: c,
        unknown_parts: unknown,
    };
    let s = Saving::between(&t(300_000_000, 900_000_000, 1), &t(100_000_000, 200_000_000, 1));
    assert_eq!(s.compressed, Some(200_000_000));
    assert_eq!(s.uncompressed, Some(700_000_000));
    assert!(s.saves());
    assert_eq!(s.text(Measure::Compressed), "−200.0 MB compressed (pull)");
    let unknown = Saving::between(&t(300_000_000, 900_000_000, 2), &t(100_000_000, 200_000_000, 1));
    assert_eq!(unknown.compressed, None);
    assert!(!unknown.saves());
    assert_eq!(unknown.text(Measure::Uncompressed), "unknown uncompressed (disk)");
    let grows = Saving::between(&t(100_000_000, 100_000_000, 0), &t(101_500_000, 100_000_000, 0));
    assert_eq!(grows.text(Measure::Compressed), "+1.5 MB compressed (pull)");
    assert_eq!(grows.text(Measure::Uncompressed), "no change uncompressed (disk)");
}

#[wasm_bindgen_test(unsupported = test)]
fn a_clean_file_offers_nothing_and_a_context_listing_is_used() {
    let view = OptimizeView::build("", "", None);
    assert!(view.rows.is_empty() && view.all.is_none());
    let context = [
        ContextFile::new("package.json", 900),
        ContextFile::new("server.js", 4_000),
        ContextFile::new("node_modules/left-pad/index.js", 80_000_000),
        ContextFile::new(".git/objects/pack/x.pack", 50_000_000),
    ];
    let with = OptimizeView::build(node(), "", Some(&context));
    let row = with.row(Technique::Dockerignore).expect("a .dockerignore step");
    assert!(row.dockerignore.lines().any(|l| l.contains("node_modules")));
    // With the real files known, the .dockerignore's saving is known.
    assert!(row.saving.compressed.is_some_and(|b| b > 0), "{:?}", row.saving);
}

#[wasm_bindgen_test(unsupported = test)]
fn applying_texts_is_one_undoable_step_for_both_files() {
    use slimfile_web::state::{Action, Snapshot, State, Tab};
    use std::rc::Rc;
    use yew::Reducible;
    let state = Rc::new(State::new(node()));
    let view = OptimizeView::build(&state.text, &state.ignore, None);
    let all = view.all.clone().unwrap();
    let over = Snapshot { dockerfile: all.old_dockerfile.clone(), dockerignore: all.old_dockerignore.clone() };
    let apply = Action::ApplyTexts {
        dockerfile: all.dockerfile.clone(),
        dockerignore: all.dockerignore.clone(),
        label: all.title.clone(),
        over: over.clone(),
    };
    let applied = state.clone().reduce(apply.clone());
    assert_eq!(*applied.text, *all.dockerfile);
    assert_eq!(*applied.ignore, *all.dockerignore);
    assert!(applied.is_current(), "analysed again");
    assert_eq!(applied.notice.as_deref(), Some(format!("Applied: {}", all.title).as_str()));
    // Applied again over the new texts: they are no longer `over`, nothing happens.
    let again = applied.clone().reduce(apply.clone());
    assert!(Rc::ptr_eq(&again, &applied));
    let undone = applied.clone().reduce(Action::Undo);
    assert_eq!(*undone.text, *node());
    assert_eq!(*undone.ignore, *"");
    let redone = undone.reduce(Action::Redo);
    assert_eq!(*redone.text, *all.dockerfile);
    assert_eq!(*redone.ignore, *all.dockerignore);

    // Only the .dockerignore changes: its tab is shown.
    let ignore_row = view.row(Technique::Dockerignore).unwrap();
    let only = state.clone().reduce(Action::ApplyTexts {
        dockerfile: ignore_row.dockerfile.clone(),
        dockerignore: ignore_row.dockerignore.clone(),
        label: ignore_row.title.clone(),
        over,
    });
    assert_eq!(only.tab, Tab::Dockerignore);
    assert_eq!(*only.text, *node());
    assert!(only.ignore.contains("node_modules"));
}
