//! The page's parts. Each takes plain props and reports back through
//! callbacks; only `App` (crate::app) holds state.

mod diagnostics;
mod editor;
mod fix_dialog;
mod header;
mod instructions;
mod toolbar;

pub use diagnostics::{severity_icon, summary, DiagnosticList, SEVERITIES};
pub use editor::Editor;
pub use fix_dialog::FixDialog;
pub use header::Header;
pub use instructions::InstructionList;
pub use toolbar::Toolbar;

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

// The playground's side panels (size, share, settings, build context).
mod size_chart;
pub use size_chart::SizeChart;
mod context_panel;
mod settings_panel;
mod share_dialog;
pub use context_panel::ContextPanel;
pub use settings_panel::SettingsPanel;
pub use share_dialog::ShareDialog;
