use std::rc::Rc;

use yew::prelude::*;

use super::{show_more, Target, FIRST_ROWS};
use crate::analysis::Analysis;

#[derive(Properties, PartialEq)]
pub struct InstructionListProps {
    pub analysis: Rc<Analysis>,
    pub on_select: Callback<Target>,
}

#[component]
pub fn InstructionList(props: &InstructionListProps) -> Html {
    let analysis = &props.analysis;
    let limit = use_state_eq(|| FIRST_ROWS);
    let rows = analysis.instructions.iter().take(*limit).map(|i| {
        let target = Target { selection: i.selection, line: i.start_line, tab: crate::state::Tab::Dockerfile };
        let onclick = props.on_select.reform(move |_: MouseEvent| target);
        let lines = if i.start_line == i.end_line {
            i.start_line.to_string()
        } else {
            format!("{}–{}", i.start_line, i.end_line)
        };
        html! {
            <tr class={classes!((!i.known).then_some("unknown"))}>
                <td>
                    <button type="button" class="keyword" {onclick}
                        aria-label={format!("{} on line {}: select in the editor", i.keyword, i.start_line)}>
                        { &i.keyword }
                    </button>
                </td>
                <td class="lines">{ lines }</td>
            </tr>
        }
    });
    let count = analysis.instructions.len();
    let on_more = {
        let limit = limit.clone();
        Callback::from(move |_: MouseEvent| limit.set(*limit + FIRST_ROWS))
    };
    html! {
        <details class="panel instructions" aria-labelledby="instructions-title">
            <summary><h2 id="instructions-title">
                { "Outline" }<span class="count">{ count }</span>
            </h2></summary>
            if count == 0 {
                <p class="empty">{ "No instructions yet." }</p>
            } else {
                <table>
                    <thead><tr><th scope="col">{ "Keyword" }</th><th scope="col">{ "Lines" }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            }
            { show_more(count.min(*limit), count, "instructions", on_more) }
        </details>
    }
}
