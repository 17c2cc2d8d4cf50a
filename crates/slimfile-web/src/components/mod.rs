//! The page's parts. Each takes plain props and reports back through
//! callbacks; only `App` (crate::app) holds state.

mod diagnostics;
mod editor;
mod fix_dialog;
mod header;
mod instructions;
mod toolbar;

pub use diagnostics::{severity_icon, summary, DiagnosticList, SEVERITIES};
pub use editor::{Editor, SYNC_HIGHLIGHT_MAX};
pub use fix_dialog::FixDialog;
pub use header::Header;
pub use instructions::InstructionList;
pub use toolbar::Toolbar;

use yew::prelude::*;

use crate::position::Utf16Range;
use crate::state::Tab;

/// A place in the editor to show: which tab, what to select, on which line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target {
    pub selection: Utf16Range,
    /// 1-based.
    pub line: usize,
    pub tab: Tab,
}

/// Lists longer than this show their first rows and a count of the rest, so
/// a huge paste cannot stall the page in rendering.
pub const MAX_ROWS: usize = 200;

/// The findings and the outline show this many rows at first, and a "Show
/// more" button adds as many again (a 10,000-line file can have thousands
/// of findings, and building 100 rows took 100–150 ms of the frame that
/// shows its analysis).
pub const FIRST_ROWS: usize = 50;

/// The "Show N more" button under a long list (`shown` of `total` rows).
pub fn show_more(shown: usize, total: usize, noun: &str, on_more: Callback<MouseEvent>) -> Html {
    let rest = total.saturating_sub(shown);
    if rest == 0 {
        return Html::default();
    }
    html! {
        <p class="more">
            { format!("{rest} more {noun}") }{ " " }
            <button type="button" class="btn btn-more" onclick={on_more}>{ format!("Show {} more", rest.min(FIRST_ROWS)) }</button>
        </p>
    }
}

// The playground's side panels (size, share, settings, build context).
mod size_chart;
pub use size_chart::SizeChart;
mod context_panel;
mod settings_panel;
mod share_dialog;
pub use context_panel::ContextPanel;
pub use settings_panel::SettingsPanel;
pub use share_dialog::ShareDialog;

// The Optimize panel (whole-file optimizations).
mod optimize_panel;
pub use optimize_panel::OptimizePanel;
