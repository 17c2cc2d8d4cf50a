//! The findings panel: counts per severity (which are also the severity
//! filter), a text filter, one row per finding sorted by line, with the code
//! linking to the rule's page, the estimated cost, and Fix / Diff buttons.

use std::rc::Rc;

use slimfile::fix::Applicability;
use slimfile::{FileKind, Severity};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{show_more, Target, FIRST_ROWS};
use crate::analysis::{describe_cost, format_bytes, Analysis, DiagnosticRow};
use crate::state::{FixTarget, Tab};

#[derive(Properties, PartialEq)]
pub struct DiagnosticListProps {
    pub analysis: Rc<Analysis>,
    /// The analysis is of the texts shown: fixes can apply.
    pub current: bool,
    pub on_select: Callback<Target>,
    /// Apply the fix of finding `index` (unsafe ones ask first).
    pub on_fix: Callback<usize>,
    pub on_preview: Callback<FixTarget>,
    pub on_copy: Callback<()>,
}

pub const SEVERITIES: [Severity; 4] = [Severity::Error, Severity::Warning, Severity::Info, Severity::Style];

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "2 problems: 1 error, 1 warning".
pub fn summary(analysis: &Analysis) -> String {
    let parts: Vec<String> = SEVERITIES
        .into_iter()
        .filter_map(|s| match analysis.count(s) {
            0 => None,
            n => Some(format!("{n} {}", s.as_str())),
        })
        .collect();
    format!("{}: {}", plural(analysis.diagnostics.len(), "problem", "problems"), parts.join(", "))
}

/// A severity icon (inline SVG, coloured by CSS).
pub fn severity_icon(severity: Severity) -> Html {
    let shape = match severity {
        Severity::Error => html! { <>
            <circle cx="8" cy="8" r="7" />
            <path d="M5.5 5.5l5 5M10.5 5.5l-5 5" class="ink" />
        </> },
        Severity::Warning => html! { <>
            <path d="M8 1.5L15 14H1z" />
            <path d="M8 6v4M8 11.6v.4" class="ink" />
        </> },
        Severity::Info => html! { <>
            <circle cx="8" cy="8" r="7" />
            <path d="M8 7v4.5M8 4.6v.4" class="ink" />
        </> },
        Severity::Style => html! { <>
            <rect x="2" y="2" width="12" height="12" rx="3" />
            <path d="M5 8h6" class="ink" />
        </> },
    };
    html! {
        <svg class={classes!("sev-icon", format!("sev-{}", severity.as_str()))} viewBox="0 0 16 16" width="16" height="16"
            role="img" aria-label={severity.as_str()}>
            { shape }
        </svg>
    }
}

fn matches(d: &DiagnosticRow, query: &str) -> bool {
    query.is_empty()
        || d.code.to_lowercase().contains(query)
        || d.message.to_lowercase().contains(query)
        || d.severity.as_str().contains(query)
}

#[component]
pub fn DiagnosticList(props: &DiagnosticListProps) -> Html {
    let hidden_severities = use_state_eq(Vec::<Severity>::new);
    let query = use_state_eq(String::new);
    let limit = use_state_eq(|| FIRST_ROWS);
    let analysis = &props.analysis;
    let q = query.to_lowercase();
    let shown: Vec<(usize, &DiagnosticRow)> = analysis
        .diagnostics
        .iter()
        .enumerate()
        .filter(|(_, d)| !hidden_severities.contains(&d.severity) && matches(d, q.trim()))
        .collect();
    let safe_count = analysis.safe_fixes().count();
    // Nothing analysed yet (a big saved text waits for the worker).
    let waiting = !props.current && analysis.is_clean() && analysis.dockerfile.is_empty() && analysis.dockerignore.is_empty();

    let chips = SEVERITIES.into_iter().map(|s| {
        let n = analysis.count(s);
        let off = hidden_severities.contains(&s);
        let onclick = {
            let hidden = hidden_severities.clone();
            Callback::from(move |_: MouseEvent| {
                let mut h = (*hidden).clone();
                if let Some(i) = h.iter().position(|x| *x == s) {
                    h.remove(i);
                } else {
                    h.push(s);
                }
                hidden.set(h);
            })
        };
        html! {
            <button type="button" class={classes!("chip", format!("chip-{}", s.as_str()), off.then_some("off"))}
                aria-pressed={(!off).to_string()} {onclick}
                aria-label={format!("{}: {n}, {}", s.as_str(), if off { "hidden" } else { "shown" })}
                title={format!("Show or hide {} findings", s.as_str())}>
                { severity_icon(s) }<span class="chip-n">{ n }</span>
            </button>
        }
    });
    let oninput = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            query.set(input.value());
        })
    };

    let rows = shown.iter().take(*limit).map(|&(index, d)| {
        let target = Target { selection: d.selection, line: d.at.line, tab: Tab::of(d.file) };
        let goto = props.on_select.reform(move |_: MouseEvent| target);
        let goto_msg = props.on_select.reform(move |_: MouseEvent| target);
        let severity = d.severity.as_str();
        let file_label = (d.file == FileKind::Dockerignore).then_some(".dockerignore ");
        let stale = !props.current;
        let fix = d.applicable_fix().map(|f| {
            let unsafe_ = f.applicability == Applicability::Unsafe;
            let on_fix = props.on_fix.reform(move |_: MouseEvent| index);
            let on_diff = props.on_preview.reform(move |_: MouseEvent| FixTarget::One(index));
            html! {
                <div class="fix">
                    <button type="button" class={classes!("btn", "btn-fix", unsafe_.then_some("unsafe"))} onclick={on_fix} disabled={stale}
                        title={if unsafe_ { format!("{} (unsafe: asks first)", f.title) } else { f.title.clone() }}
                        aria-label={format!("Fix {}: {}{}", d.code, f.title, if unsafe_ { " (unsafe, asks first)" } else { "" })}>
                        { if unsafe_ { "Fix…" } else { "Fix" } }
                    </button>
                    <button type="button" class="btn btn-ghost btn-diff" onclick={on_diff} disabled={stale}
                        aria-label={format!("Preview the diff of the fix for {}", d.code)}>{ "Diff" }</button>
                    <span class="fix-title">{ &f.title }</span>
                </div>
            }
        });
        let display_only = d.fix.as_ref().filter(|f| f.applicability == Applicability::DisplayOnly).map(|f| f.title.clone());
        html! {
            <li class={classes!("diagnostic", format!("sev-{severity}"))} data-line={d.at.line.to_string()} data-code={d.code.clone()}>
                <div class="d-head">
                    { severity_icon(d.severity) }
                    <span class="severity visually-hidden">{ severity }</span>
                    <button type="button" class="message" onclick={goto_msg}>{ &d.message }</button>
                </div>
                <div class="d-meta">
                    // Rules have a page; parse and .dockerignore diagnostics do not.
                    if let Some(rule) = slimfile::rules::find(&d.code) {
                        <a class="code" href={format!("rules/{}.html", rule.code)} target="_blank" rel="noopener"
                            title={format!("What {} means and how to fix it", d.code)}>{ &d.code }</a>
                    } else {
                        <span class="code">{ &d.code }</span>
                    }
                    <button type="button" class="goto" onclick={goto}
                        aria-label={format!("{}line {}, column {}: select in the editor", file_label.unwrap_or(""), d.at.line, d.at.column)}>
                        { format!("{}{}:{}", file_label.unwrap_or(""), d.at.line, d.at.column) }
                    </button>
                    if let Some(cost) = &d.cost {
                        <span class="cost" title={format!("Estimated saving of the fix: {}", describe_cost(cost))}>
                            { format!("−{} compressed · −{} on disk", format_bytes(cost.compressed_bytes), format_bytes(cost.uncompressed_bytes)) }
                        </span>
                    }
                </div>
                if let Some(note) = &d.note {
                    <p class="note">{ note }</p>
                }
                { fix.unwrap_or_default() }
                if let Some(title) = display_only {
                    <p class="suggestion">{ "Suggestion: " }{ title }</p>
                } else if d.fix.is_none() {
                    if let Some(title) = &d.fix_title {
                        <p class="suggestion">{ "To fix: " }{ title }</p>
                    }
                }
            </li>
        }
    });
    let on_more = {
        let limit = limit.clone();
        Callback::from(move |_: MouseEvent| limit.set(*limit + FIRST_ROWS))
    };
    let filtered_out = analysis.diagnostics.len() - shown.len();
    let on_all = props.on_preview.reform(|_: MouseEvent| FixTarget::AllSafe);
    let on_copy = props.on_copy.reform(|_: MouseEvent| ());
    html! {
        <section class="panel problems" aria-labelledby="problems-title">
            <div class="panel-head">
                <h2 id="problems-title">{ "Problems" }</h2>
                <div class="chips" role="group" aria-label="Show findings by severity">{ for chips }</div>
            </div>
            <div class="problems-tools">
                <input type="search" class="filter" placeholder="Filter by code or text" aria-label="Filter findings"
                    value={(*query).clone()} {oninput} />
                <button type="button" class="btn btn-primary" onclick={on_all} disabled={safe_count == 0 || !props.current}
                    title="Preview and apply every safe fix">
                    { format!("Fix all safe ({safe_count})") }
                </button>
            </div>
            <div class="summary-row">
                <p class={classes!("summary", analysis.is_clean().then_some("clean"))} role="status" data-testid="problems-summary"
                    elementtiming={(!waiting).then_some("analysis")}>
                    if waiting {
                        { "Analysing…" }
                    } else if analysis.is_clean() {
                        <span aria-hidden="true">{ "✓ " }</span>{ "No problems found" }
                    } else {
                        { summary(analysis) }
                    }
                </p>
                <button type="button" class="btn btn-ghost" onclick={on_copy} title="Copy the findings as Markdown">
                    { "Copy as Markdown" }
                </button>
            </div>
            if waiting {
            } else if analysis.is_clean() {
                <div class="empty-state">
                    <svg viewBox="0 0 48 48" width="48" height="48" aria-hidden="true"><circle cx="24" cy="24" r="22" /><path d="M14 25l7 7 13-15" /></svg>
                    <p>{ "Every rule passed. Nice and slim." }</p>
                </div>
            } else {
                <ul class="diagnostics">{ for rows }</ul>
                if shown.is_empty() {
                    <p class="more">{ "No finding matches the filter." }</p>
                }
            }
            { show_more(shown.len().min(*limit), shown.len(), if shown.len() - shown.len().min(*limit) == 1 { "problem" } else { "problems" }, on_more) }
            if filtered_out > 0 && !analysis.is_clean() {
                <p class="more">{ format!("{} hidden by the filter", plural(filtered_out, "finding", "findings")) }</p>
            }
        </section>
    }
}
