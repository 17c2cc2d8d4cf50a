//! The image-size panel: an SVG bar per stage of the target's chain, stacked
//! base + added layers, a compressed (pull) / uncompressed (disk) switch, the
//! total with its range, the biggest layers first, and before/after when a
//! fix or optimization is previewed.
//!
//! Wiring (for `App`): keep a `Measure` in the state (e.g.
//! `Action::SetSizeMeasure(Measure)`, saved with the settings) and build the
//! view with `SizeView::build(&estimate, &dockerfile)` (or `SizeView::of`)
//! when the analysis runs. `on_select` gives the byte range of the clicked
//! layer's instruction: convert it with `PositionMap::utf16_range` and send
//! the existing "select in the editor" action. For a fix preview pass the
//! current view as `before` and the previewed text's view as `view`.

use std::rc::Rc;

use slimfile::TextRange;
use yew::prelude::*;

use super::MAX_ROWS;
use crate::size_view::{format_mb, format_range, Measure, PartKind, PartRow, SizeView};

#[derive(Properties, PartialEq)]
pub struct SizeChartProps {
    /// The image as it is (or, with `before`, as it would be after the fix).
    pub view: Rc<SizeView>,
    /// The current image when `view` is a preview: shows before/after.
    #[prop_or_default]
    pub before: Option<Rc<SizeView>>,
    pub measure: Measure,
    pub on_measure: Callback<Measure>,
    /// The byte range of a clicked layer's instruction.
    pub on_select: Callback<TextRange>,
    /// Why package data the estimate needs could not be loaded.
    #[prop_or_default]
    pub data_error: Option<String>,
}

/// How many layers the "biggest layers" list shows.
const BIGGEST: usize = 12;

// SVG geometry (viewBox units).
const W: f64 = 480.0;
const LABEL_W: f64 = 96.0;
const BAR_X: f64 = LABEL_W + 6.0;
const BAR_W: f64 = W - BAR_X - 30.0;
const ROW_H: f64 = 26.0;
const BAR_H: f64 = 16.0;

/// A coordinate: `{:.2}` (without the standard float formatter, see
/// `slimfile::numfmt`).
fn px(v: f64) -> String {
    slimfile::numfmt::fixed(v, 2).to_string()
}

/// `{:.0}`; for the whole-number constants above, their `to_string()`.
fn whole(v: f64) -> String {
    slimfile::numfmt::fixed(v, 0).to_string()
}

fn scale(bytes: u64, max: u64) -> f64 {
    if max == 0 {
        0.0
    } else {
        bytes as f64 / max as f64 * BAR_W
    }
}

/// A stage label short enough for the label column (the whole one is in
/// its tooltip).
fn short_label(label: &str) -> String {
    const MAX: usize = 15;
    if label.chars().count() <= MAX {
        label.to_string()
    } else {
        let mut s: String = label.chars().take(MAX - 1).collect();
        s.push('…');
        s
    }
}

/// One row of bars: `(label, offset, parts)` drawn from `offset`.
fn bar_row(y: f64, label: &str, offset: u64, parts: &[&PartRow], m: Measure, max: u64, on_select: &Callback<TextRange>) -> Html {
    let mut x = BAR_X + scale(offset, max);
    let mut segs = Vec::new();
    let mut added_i = 0usize;
    let mut unknown = Vec::new();
    // Parts past MAX_ROWS are drawn as one segment (a huge file stays fast).
    let (mut rest, mut rest_n) = (0u64, 0usize);
    for (i, p) in parts.iter().enumerate() {
        if !p.known {
            unknown.push(*p);
            continue;
        }
        if i >= MAX_ROWS {
            rest = rest.saturating_add(p.bytes(m));
            rest_n += 1;
            continue;
        }
        let w = scale(p.bytes(m), max);
        let w = if p.bytes(m) > 0 { w.max(1.0) } else { 0.0 };
        let class = match p.kind {
            PartKind::Base => "seg seg-base".to_string(),
            PartKind::Added => {
                added_i += 1;
                format!("seg seg-added seg-added-{}", added_i % 2)
            }
        };
        let onclick = p.range.map(|r| on_select.reform(move |_: MouseEvent| r));
        segs.push(html! {
            <rect class={class} x={px(x)} y={px(y + (ROW_H - BAR_H) / 2.0)}
                width={px(w)} height={whole(BAR_H)} {onclick}>
                <title>{ p.tooltip(m) }</title>
            </rect>
        });
        x += w;
    }
    if rest_n > 0 {
        let w = scale(rest, max);
        segs.push(html! {
            <rect class="seg seg-added seg-added-0" x={px(x)} y={px(y + (ROW_H - BAR_H) / 2.0)}
                width={px(w)} height={whole(BAR_H)}>
                <title>{ format!("{rest_n} more layers: {} {}", format_mb(rest), m.label()) }</title>
            </rect>
        });
        x += w;
    }
    // A part of unknown size is a dashed "?" box after the bar: drawn, not
    // to scale, never given a made-up width.
    let unknown_box = (!unknown.is_empty()).then(|| {
        let tip = unknown.iter().map(|p| p.tooltip(m)).collect::<Vec<_>>().join("\n");
        let ux = (x + 3.0).min(W - 24.0);
        html! {
            <g class="seg-unknown">
                <rect x={px(ux)} y={px(y + (ROW_H - BAR_H) / 2.0)} width="22" height={whole(BAR_H)} />
                <text x={px(ux + 11.0)} y={px(y + ROW_H / 2.0 + 4.0)} text-anchor="middle">
                    { if unknown.len() == 1 { "?".to_string() } else { format!("?{}", unknown.len()) } }
                </text>
                <title>{ tip }</title>
            </g>
        }
    });
    html! {
        <g class="bar-row">
            <text class="row-label" x={whole(LABEL_W)} y={px(y + ROW_H / 2.0 + 4.0)} text-anchor="end">
                { short_label(label) }<title>{ label.to_string() }</title>
            </text>
            { for segs }
            { unknown_box.unwrap_or_default() }
        </g>
    }
}

/// The chart: one row per stage (waterfall: each stage starts where its
/// parent ended, so the rows add up to the image), then the total with its
/// range; with `before`, a second group for the current image.
fn chart(view: &SizeView, before: Option<&SizeView>, m: Measure, on_select: &Callback<TextRange>) -> Html {
    let top = |v: &SizeView| match m {
        Measure::Compressed => v.total_high.max(v.total_compressed),
        Measure::Uncompressed => v.total_uncompressed,
    };
    let max = top(view).max(before.map_or(0, top)).max(1);
    let mut rows = Vec::new();
    let mut y = 4.0;
    let groups: Vec<(&str, &SizeView)> = match before {
        Some(b) => vec![("now", b), ("after", view)],
        None => vec![("", view)],
    };
    for (gi, (tag, v)) in groups.iter().enumerate() {
        if !tag.is_empty() {
            rows.push(html! {
                <text class="group-label" x="4" y={px(y + 12.0)}>{ if gi == 0 { "Now" } else { "After the change" } }</text>
            });
            y += 18.0;
        }
        let mut offset = 0u64;
        for st in &v.stages {
            let parts: Vec<&PartRow> = st.parts.iter().collect();
            rows.push(bar_row(y, &st.label, offset, &parts, m, max, on_select));
            offset = offset.saturating_add(st.known_bytes(m));
            y += ROW_H;
        }
        // The total: its point figure, and the compressed range as a whisker.
        let ty = y + ROW_H / 2.0;
        let tw = scale(v.total(m), max);
        let whisker = (m == Measure::Compressed && v.total_low != v.total_high).then(|| {
            let (lx, hx) = (BAR_X + scale(v.total_low, max), BAR_X + scale(v.total_high, max));
            html! {
                <g class="whisker">
                    <line x1={px(lx)} x2={px(hx)} y1={px(ty)} y2={px(ty)} />
                    <line x1={px(lx)} x2={px(lx)} y1={px(ty - 6.0)} y2={px(ty + 6.0)} />
                    <line x1={px(hx)} x2={px(hx)} y1={px(ty - 6.0)} y2={px(ty + 6.0)} />
                    <title>{ format!("Range of the total: {} compressed (pull)", format_range(v.total_low, v.total_high)) }</title>
                </g>
            }
        });
        rows.push(html! {
            <g class="bar-row total-row">
                <text class="row-label" x={whole(LABEL_W)} y={px(ty + 4.0)} text-anchor="end">{ "image" }</text>
                <rect class="seg seg-total" x={whole(BAR_X)} y={px(ty - 3.0)} width={px(tw)} height="6">
                    <title>{ format!("Total of the known parts: {}", v.total_text(m)) }</title>
                </rect>
                { whisker.unwrap_or_default() }
            </g>
        });
        y += ROW_H + 4.0;
    }
    let h = y + 2.0;
    let label = match before {
        Some(b) => format!("Image size now {}, after the change {}", b.total_text(m), view.total_text(m)),
        None => format!("Image size {}", view.total_text(m)),
    };
    html! {
        <div class="size-chart-scroll">
            <svg class="size-svg" viewBox={format!("0 0 {} {}", whole(W), whole(h))} role="img" aria-label={label}>
                { for rows }
            </svg>
        </div>
    }
}

#[component]
pub fn SizeChart(props: &SizeChartProps) -> Html {
    let m = props.measure;
    let view = &props.view;
    let switch = [Measure::Compressed, Measure::Uncompressed].map(|opt| {
        let onclick = props.on_measure.reform(move |_: MouseEvent| opt);
        html! {
            <button type="button" class={classes!("measure", (opt == m).then_some("on"))}
                aria-pressed={(opt == m).to_string()} {onclick}>
                { opt.label() }
            </button>
        }
    });
    let (base, added) = view.base_and_added(m);
    let comparison = props.before.as_ref().map(|b| {
        let c = b.compare(view, m);
        let class = if !c.comparable() {
            "delta"
        } else if c.after < c.before {
            "delta smaller"
        } else if c.after > c.before {
            "delta bigger"
        } else {
            "delta"
        };
        html! {
            <p class="size-compare" data-testid="size-compare">
                { format!("Now {} → after {}: ", b.total_text(m), view.total_text(m)) }
                <strong class={class}>{ c.text() }</strong>
            </p>
        }
    });
    let layers = view.biggest_layers(m);
    let shown = layers.iter().take(BIGGEST).map(|p| {
        let onclick = p.range.map(|r| props.on_select.reform(move |_: MouseEvent| r));
        let line = p.line.map(|l| format!("line {l}")).unwrap_or_default();
        html! {
            <li class={classes!("layer", (!p.known).then_some("unknown"))} title={p.tooltip(m)}>
                <button type="button" class="goto" {onclick} disabled={p.range.is_none()}
                    aria-label={format!("{line}: {} {}: select in the editor", p.label, p.text(m))}>
                    { line }
                </button>
                <code class="snippet">{ &p.snippet }</code>
                <span class="layer-size">{ p.text(m) }</span>
                <span class="why">{ &p.explanation }</span>
            </li>
        }
    });
    let more = layers.len().saturating_sub(BIGGEST);
    html! {
        <section class="panel size" aria-labelledby="size-title">
            <div class="panel-head">
                <h2 id="size-title">{ "Image size" }</h2>
                <div class="actions measure-switch" role="group" aria-label="Size measure">{ for switch }</div>
            </div>
            // A failed download matters only while an estimate still lacks that data.
            if let Some(why) = props.data_error.as_ref().filter(|_| !view.missing_data.is_empty()) {
                <p class="size-loading" role="status">{ why }</p>
            } else if !view.missing_data.is_empty() {
                <p class="size-loading" role="status" data-testid="size-loading">
                    { format!("Loading the Debian {} package data…", view.missing_data.join(" and ")) }
                </p>
            }
            if view.stages.is_empty() {
                <p class="empty">{ "No FROM: nothing to estimate." }</p>
            } else {
                <p class="size-total" data-testid="size-total">
                    <strong>{ view.total_text(m) }</strong>
                </p>
                <p class="size-split">
                    <span class="legend"><span class="key key-base" aria-hidden="true"></span>{ format!("base {}", format_mb(base)) }</span>
                    <span class="legend"><span class="key key-added" aria-hidden="true"></span>{ format!("added {}", format_mb(added)) }</span>
                    <span class="legend">{ format!("({})", m.label()) }</span>
                </p>
                { comparison.unwrap_or_default() }
                { chart(view, props.before.as_deref(), m, &props.on_select) }
                <h3 class="size-sub">{ "Biggest layers" }</h3>
                if layers.is_empty() {
                    <p class="empty">{ "No layers: the image is its base." }</p>
                } else {
                    <ol class="layers">{ for shown }</ol>
                }
                if more > 0 {
                    <p class="more">{ format!("and {more} smaller layers") }</p>
                }
                if !view.notes.is_empty() {
                    <ul class="size-notes">{ for view.notes.iter().map(|n| html! { <li>{ n }</li> }) }</ul>
                }
            }
        </section>
    }
}
