use std::rc::Rc;

use slimfile::Severity;
use yew::prelude::*;

use super::{Target, MAX_ROWS};
use crate::analysis::Analysis;

#[derive(Properties, PartialEq)]
pub struct DiagnosticListProps {
    pub analysis: Rc<Analysis>,
    pub on_select: Callback<Target>,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "2 problems: 1 error, 1 warning".
fn summary(analysis: &Analysis) -> String {
    let parts: Vec<String> = [Severity::Error, Severity::Warning, Severity::Info, Severity::Style]
        .into_iter()
        .filter_map(|s| match analysis.count(s) {
            0 => None,
            n => Some(format!("{n} {}", s.as_str())),
        })
        .collect();
    format!("{}: {}", plural(analysis.diagnostics.len(), "problem", "problems"), parts.join(", "))
}

#[component]
pub fn DiagnosticList(props: &DiagnosticListProps) -> Html {
    let analysis = &props.analysis;
    let rows = analysis.diagnostics.iter().take(MAX_ROWS).map(|d| {
        let target = Target { selection: d.selection, line: d.at.line };
        let onclick = props.on_select.reform(move |_: MouseEvent| target);
        let severity = d.severity.as_str();
        html! {
            <li class={classes!("diagnostic", format!("sev-{severity}"))} data-line={d.at.line.to_string()}>
                <button type="button" class="goto" {onclick}
                    aria-label={format!("Line {}, column {}: {severity} {}: select in the editor", d.at.line, d.at.column, d.code)}>
                    { format!("{}:{}", d.at.line, d.at.column) }
                </button>
                <span class="severity">{ severity }</span>
                <code class="code">{ &d.code }</code>
                <span class="message">{ &d.message }</span>
            </li>
        }
    });
    let hidden = analysis.diagnostics.len().saturating_sub(MAX_ROWS);
    html! {
        <section class="panel problems" aria-labelledby="problems-title">
            <h2 id="problems-title">{ "Problems" }</h2>
            <p class={classes!("summary", analysis.is_clean().then_some("clean"))} role="status" data-testid="problems-summary">
                if analysis.is_clean() {
                    <span aria-hidden="true">{ "✓ " }</span>{ "No problems found" }
                } else {
                    { summary(analysis) }
                }
            </p>
            if !analysis.is_clean() {
                <ul class="diagnostics">{ for rows }</ul>
            }
            if hidden > 0 {
                <p class="more">{ format!("and {} more", plural(hidden, "problem", "problems")) }</p>
            }
        </section>
    }
}
