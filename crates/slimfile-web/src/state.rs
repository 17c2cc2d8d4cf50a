//! The app's one state and the actions that change it (Yew's reducer
//! pattern, as in the `function_todomvc` example). Pure logic: no DOM here,
//! so it is tested natively and in the browser alike.
//!
//! Guarantees:
//! * The user's text is never dropped: [`Action::LoadExample`] keeps the
//!   Dockerfile it replaces, [`Action::Restore`] swaps the two back, and every
//!   fix, example load and edit can be undone ([`Action::Undo`]).
//! * An edit updates the text at once (the editor must show it) and marks
//!   the analysis stale; [`Action::Analyze`] (dispatched after a debounce)
//!   brings it up to date. Fixes only apply to an up-to-date analysis, since
//!   their edits are byte ranges into the analysed text.

use std::rc::Rc;

use slimfile::fix::Applicability;
use slimfile::FileKind;
use yew::Reducible;

use crate::analysis::Analysis;
use crate::context::Listing;
use crate::examples::EXAMPLES;
use crate::settings::Settings;
use crate::share::{self, Shared};
use crate::size_view::{Measure, SizeView};

/// The Dockerfile the page starts with on a first visit.
pub const EXAMPLE: &str = "\
FROM python:3.12-slim AS app
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir \\
      -r requirements.txt
COPY app/ ./app/
USER 10001
CMD [\"python\", \"-m\", \"app\"]
";

/// How many steps Undo can go back.
pub const HISTORY_LIMIT: usize = 100;
/// Edits of one tab closer together than this (ms) are one undo step.
pub const COALESCE_MS: f64 = 1000.0;
/// Bound on analyse-and-fix rounds of "Apply all safe fixes".
pub const MAX_FIX_ROUNDS: usize = 10;

/// The editor tabs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    #[default]
    Dockerfile,
    Dockerignore,
}

impl Tab {
    pub fn file(self) -> FileKind {
        match self {
            Tab::Dockerfile => FileKind::Dockerfile,
            Tab::Dockerignore => FileKind::Dockerignore,
        }
    }
    pub fn of(file: FileKind) -> Tab {
        match file {
            FileKind::Dockerfile => Tab::Dockerfile,
            FileKind::Dockerignore => Tab::Dockerignore,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Tab::Dockerfile => "Dockerfile",
            Tab::Dockerignore => ".dockerignore",
        }
    }
}

/// Both texts at one moment (an undo step).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    pub dockerfile: Rc<str>,
    pub dockerignore: Rc<str>,
}

/// What a fix dialog would apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixTarget {
    /// The fix of the finding at this index of `analysis.diagnostics`.
    One(usize),
    /// Every safe fix, analysed again until none is left.
    AllSafe,
}

/// The open fix dialog: a diff preview, and for an unsafe fix the
/// confirmation that says what changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dialog {
    pub target: FixTarget,
    pub title: String,
    /// The file the fix changes.
    pub tab: Tab,
    pub before: Rc<str>,
    pub after: Rc<str>,
    /// An unsafe fix: applying needs this dialog's confirmation.
    pub unsafe_: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// The Dockerfile in the editor.
    pub text: Rc<str>,
    /// The .dockerignore in the editor (empty: none).
    pub ignore: Rc<str>,
    pub tab: Tab,
    /// The core's answer, for `analysis.dockerfile`/`analysis.dockerignore`
    /// (stale after an edit until [`Action::Analyze`]).
    pub analysis: Rc<Analysis>,
    /// The Dockerfile that LoadExample replaced (or that Restore swapped out).
    pub previous: Option<Rc<str>>,
    pub undo: Vec<Snapshot>,
    pub redo: Vec<Snapshot>,
    /// The tab and time (ms) of the last edit, while edits coalesce.
    last_edit: Option<(Tab, f64)>,
    pub dialog: Option<Dialog>,
    /// What the last action did, for a polite screen-reader announcement.
    pub notice: Option<String>,
    // The side panels (size, settings, share, build context).
    /// The lint settings; their config feeds the analysis and the fixes.
    pub settings: Rc<Settings>,
    /// The size chart's measure (pull or disk).
    pub measure: Measure,
    /// The dropped project folder, if any (exact COPY sizes).
    pub context: Option<Rc<Listing>>,
    /// The size estimate of the analysed Dockerfile.
    pub size: Rc<SizeView>,
    /// The estimate of the open dialog's "after" text (before/after).
    pub preview_size: Option<Rc<SizeView>>,
    /// The share dialog is open.
    pub share_open: bool,
    /// The highlight ranges of `analysis.dockerfile`, when the analysis
    /// worker made them (a big file: the editor shifts them onto the text
    /// being typed instead of highlighting it at every keystroke).
    pub highlights: Option<Rc<Highlights>>,
    /// The [`crate::data::generation`] the analysis was made with (lazily
    /// loaded package data arriving later makes it worth redoing).
    pub analysed_data: u32,
    /// The analysis worker runs: a change of a big text made by a click
    /// (fix, undo, example) leaves its analysis to the worker too.
    pub defer_big: bool,
}

/// Texts bigger than this (bytes, both files) are analysed by the worker
/// only, when there is one ([`State::defer_big`]).
pub const DEFER_MIN: usize = 64 * 1024;

/// Highlight ranges of a Dockerfile ([`slimfile::highlight::highlight`]).
pub type Highlights = Vec<(slimfile::TextRange, slimfile::highlight::TokenKind)>;

/// An analysis made off the page's thread (the analysis worker), with what
/// it was made from.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysed {
    /// Of the texts in `analysis.dockerfile` / `analysis.dockerignore`.
    pub analysis: Rc<Analysis>,
    pub size: Rc<SizeView>,
    pub highlights: Option<Rc<Highlights>>,
    pub settings: Rc<Settings>,
    pub context: Option<Rc<Listing>>,
    /// The [`crate::data::generation`] the worker had.
    pub data: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The user changed a tab's text; `at` is a clock in ms (coalescing).
    Edit { tab: Tab, text: String, at: f64 },
    /// Bring the analysis up to date with the texts.
    Analyze,
    /// An analysis the worker made: shown if it is of the texts shown, or
    /// newer than a stale one (and made with the same settings and context).
    Analysed(Rc<Analysed>),
    /// Whether the analysis worker runs (see [`State::defer_big`]).
    DeferBig(bool),
    SwitchTab(Tab),
    /// Put the example with this index of [`EXAMPLES`] in the editor.
    LoadExample(usize),
    /// Swap the editor's Dockerfile with the previous one.
    Restore,
    /// Apply the fix of a finding: a safe one at once, an unsafe one only
    /// `confirmed` (else the confirmation dialog opens).
    ApplyFix { index: usize, confirmed: bool },
    /// Apply every safe fix (analysing again, up to [`MAX_FIX_ROUNDS`]).
    ApplyAllSafe,
    /// Open the diff preview of a fix.
    Preview(FixTarget),
    /// Apply what the open dialog shows.
    ConfirmDialog,
    CloseDialog,
    Undo,
    Redo,
    /// Replace both texts as one undoable step (the Optimize panel), only if
    /// they are still `over` (what the change was computed from).
    ApplyTexts { dockerfile: Rc<str>, dockerignore: Rc<str>, label: String, over: Snapshot },
    // The side panels.
    /// New lint settings (the settings panel sends the whole value).
    SetSettings(Settings),
    SetMeasure(Measure),
    /// A dropped folder's listing, or `None` to forget it.
    SetContext(Option<Rc<Listing>>),
    /// Put this text in the .dockerignore tab (an undoable step).
    SetDockerignore(String),
    /// Replace both files and the settings with a share link's (the
    /// Dockerfile replaced is kept as the previous text).
    LoadShared(Shared),
    /// Load the documented example of the rule with this code.
    LoadRuleExample(String),
    /// Say something in the notice line (e.g. a link that could not be read).
    Notify(String),
    OpenShare,
    CloseShare,
}

impl State {
    pub fn new(text: impl Into<Rc<str>>) -> State {
        State::with_files(text.into(), Rc::from(""))
    }

    pub fn with_files(text: Rc<str>, ignore: Rc<str>) -> State {
        let analysis = Analysis::of_pair(&text, &ignore);
        let size = size_of(&text, &ignore, None);
        State::with_analysis(text, ignore, analysis, size)
    }

    fn with_analysis(text: Rc<str>, ignore: Rc<str>, analysis: Analysis, size: SizeView) -> State {
        let (analysis, size) = (Rc::new(analysis), Rc::new(size));
        State {
            text,
            ignore,
            tab: Tab::Dockerfile,
            analysis,
            previous: None,
            undo: Vec::new(),
            redo: Vec::new(),
            last_edit: None,
            dialog: None,
            notice: None,
            settings: Rc::default(),
            measure: Measure::default(),
            context: None,
            size,
            preview_size: None,
            share_open: false,
            highlights: None,
            analysed_data: crate::data::generation(),
            defer_big: false,
        }
    }

    /// The state with these settings (analysed with them).
    pub fn with_settings(mut self, settings: Settings) -> State {
        self.settings = Rc::new(settings);
        self.reanalysed()
    }

    /// The lint config of the settings.
    pub fn config(&self) -> slimfile::lint::Config {
        self.settings.to_config().0
    }

    /// The core's input for the current texts and settings.
    fn with_input<T>(&self, dockerfile: &str, f: impl FnOnce(&slimfile::Input) -> T) -> T {
        let config = self.config();
        let ignore = (!self.ignore.trim().is_empty()).then_some(&*self.ignore);
        f(&slimfile::Input { dockerfile, dockerignore: ignore, config: Some(&config) })
    }

    /// The state on page load: the saved texts if there are (even an empty
    /// one: the user emptied the editor), else the example.
    pub fn initial(saved: Option<String>, previous: Option<String>) -> State {
        State::initial_with(saved, None, previous)
    }

    /// [`State::initial`] with a saved .dockerignore too.
    pub fn initial_with(saved: Option<String>, ignore: Option<String>, previous: Option<String>) -> State {
        let text: Rc<str> = saved.map_or_else(|| EXAMPLE.into(), Into::into);
        let mut state = State::with_files(text, ignore.unwrap_or_default().into());
        state.previous = previous.map(Into::into);
        state
    }

    /// The state on page load with a big saved text (over [`DEFER_MIN`])
    /// and the analysis worker: not analysed yet (the worker will be asked),
    /// so the page shows the text at once.
    pub fn loading(saved: String, ignore: Option<String>, previous: Option<String>, settings: Settings) -> State {
        let mut state = State::with_analysis(saved.into(), ignore.unwrap_or_default().into(), Analysis::default(), SizeView::default());
        state.previous = previous.map(Into::into);
        state.settings = Rc::new(settings);
        state.defer_big = true;
        state
    }

    /// The text of a tab.
    pub fn text_of(&self, tab: Tab) -> &Rc<str> {
        match tab {
            Tab::Dockerfile => &self.text,
            Tab::Dockerignore => &self.ignore,
        }
    }

    /// Whether the analysis is of the current texts.
    pub fn is_current(&self) -> bool {
        *self.analysis.dockerfile == *self.text && *self.analysis.dockerignore == *self.ignore
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot { dockerfile: self.text.clone(), dockerignore: self.ignore.clone() }
    }

    /// Whether the analysis should be made again: the texts changed, or
    /// package data it lacked has arrived since.
    pub fn needs_analysis(&self) -> bool {
        !self.is_current() || self.analysed_data < crate::data::generation()
    }

    /// Brings the analysis up to date.
    fn analysed(self) -> State {
        if !self.needs_analysis() || (self.defer_big && self.text.len() + self.ignore.len() > DEFER_MIN) {
            self
        } else {
            self.reanalysed()
        }
    }

    /// Runs the analysis and the estimate again (new settings or context).
    fn reanalysed(mut self) -> State {
        let config = self.config();
        self.analysis = Rc::new(Analysis::of_config(&self.text, &self.ignore, Some(&config)));
        self.highlights = None;
        self.analysed_data = crate::data::generation();
        self.resized()
    }

    /// Estimates the analysed texts again (with the build context).
    fn resized(mut self) -> State {
        self.size = Rc::new(size_of(&self.analysis.dockerfile, &self.analysis.dockerignore, self.context.as_deref()));
        self
    }

    /// The state with `dialog` open and the estimate of its result.
    fn with_dialog(&self, dialog: Dialog) -> State {
        let mut next = self.clone();
        let (text, ignore) = match dialog.tab {
            Tab::Dockerfile => (&*dialog.after, &*self.ignore),
            Tab::Dockerignore => (&*self.text, &*dialog.after),
        };
        next.preview_size = Some(Rc::new(size_of(text, ignore, self.context.as_deref())));
        next.dialog = Some(dialog);
        next
    }

    /// The state after a link's files and settings (or a notice saying why not).
    pub fn apply_hash(self, hash: &str) -> State {
        // The widget's "Open in the full playground" link
        // (`#dockerfile=…&dockerignore=…`): its files, the user's own settings.
        let bare = hash.strip_prefix('#').unwrap_or(hash);
        if bare.starts_with("dockerfile=") {
            let opts = crate::embed::EmbedOptions::from_hash(bare);
            let shared = Shared { dockerfile: opts.dockerfile, dockerignore: opts.dockerignore, settings: (*self.settings).clone() };
            return Rc::unwrap_or_clone(Rc::new(self).reduce(Action::LoadShared(shared)));
        }
        match hash_action(hash) {
            Some(action) => Rc::unwrap_or_clone(Rc::new(self).reduce(action)),
            None => self,
        }
    }

    /// A new undo step holding the texts as they are now.
    fn push_undo(&mut self) {
        self.undo.push(self.snapshot());
        if self.undo.len() > HISTORY_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// A rule's documented example in the editor, as its rule page's "Try
    /// it" link promises: both files as documented (an example without a
    /// `.dockerignore` has none: rules such as SF1012 are about that), one
    /// undo step brings the user's back; and the rule turned on in the
    /// settings when they leave it off (off by default, experimental, or
    /// switched off), which the notice says.
    fn with_rule_example(&self, code: &'static str, example: crate::embed::RuleExample) -> State {
        let ignore: Rc<str> = example.dockerignore.unwrap_or_default().into();
        // The rule on in the settings first, so the example is analysed once, with it.
        let turn_on = slimfile::rules::find(code).is_some_and(|rule| !self.config().is_enabled(rule, &Default::default()));
        let mut from = self.clone();
        if turn_on {
            let mut settings = (*self.settings).clone();
            settings.set_rule(code, crate::settings::RuleChoice { enabled: Some(true), severity: None });
            from.settings = Rc::new(settings);
        }
        let mut next = if *self.text == *example.dockerfile && *self.ignore == *ignore {
            if turn_on { from.reanalysed() } else { from }
        } else {
            let mut next = from.changed(example.dockerfile.into(), ignore, String::new());
            next.previous = Some(self.text.clone());
            next
        };
        next.tab = Tab::Dockerfile;
        let mut notice = format!("Loaded the example of {code}");
        if turn_on {
            notice.push_str(&format!("; {code} was off in the settings and is now on"));
        }
        if !next.analysis.diagnostics.iter().any(|d| d.code == code) {
            notice.push_str(&format!("; {code} needs more settings to report anything (its rule page says which)"));
        }
        next.notice = Some(notice);
        next
    }

    /// The same state with new texts, after a step the user can undo.
    fn changed(&self, text: Rc<str>, ignore: Rc<str>, notice: String) -> State {
        let mut next = self.clone();
        next.push_undo();
        next.text = text;
        next.ignore = ignore;
        next.last_edit = None;
        next.dialog = None;
        next.preview_size = None;
        next.notice = Some(notice);
        next.analysed()
    }

    /// The dialog for a fix, with its before and after texts.
    pub fn dialog_for(&self, target: FixTarget) -> Option<Dialog> {
        if !self.is_current() {
            return None;
        }
        match target {
            FixTarget::One(index) => {
                let d = self.analysis.diagnostics.get(index)?;
                let fix = d.applicable_fix()?;
                let tab = Tab::of(d.file);
                let before = self.text_of(tab).clone();
                let after: Rc<str> = match tab {
                    // The core checks that the fix adds no error and keeps the comments.
                    Tab::Dockerfile => {
                        let fix = slimfile::fix::Fix { title: fix.title.clone(), edits: fix.edits.clone(), applicability: fix.applicability };
                        self.with_input(&before, |input| slimfile::fixer::apply_one(input, &fix))?
                    }
                    Tab::Dockerignore => slimfile::fix::apply_edits(&before, &fix.edits)?,
                }
                .into();
                Some(Dialog {
                    target,
                    title: format!("{}: {}", d.code, fix.title),
                    tab,
                    before,
                    after,
                    unsafe_: fix.applicability == Applicability::Unsafe,
                })
            }
            FixTarget::AllSafe => {
                let after = self.with_input(&self.text, |input| slimfile::fix_all(input, slimfile::FixMode::Safe).text);
                (*after != *self.text).then(|| Dialog {
                    target,
                    title: "Apply all safe fixes".into(),
                    tab: Tab::Dockerfile,
                    before: self.text.clone(),
                    after: after.into(),
                    unsafe_: false,
                })
            }
        }
    }

    fn apply_dialog(&self, dialog: &Dialog) -> State {
        let (text, ignore) = match dialog.tab {
            Tab::Dockerfile => (dialog.after.clone(), self.ignore.clone()),
            Tab::Dockerignore => (self.text.clone(), dialog.after.clone()),
        };
        let mut next = self.changed(text, ignore, format!("Applied: {}", dialog.title));
        next.tab = dialog.tab;
        next
    }
}

/// The Dockerfile with every safe fix applied (the core's
/// [`slimfile::fix_all`], default settings).
pub fn apply_all_safe(dockerfile: &str, dockerignore: &str) -> String {
    let ignore = (!dockerignore.trim().is_empty()).then_some(dockerignore);
    slimfile::fix_all(&slimfile::Input { dockerfile, dockerignore: ignore, config: None }, slimfile::FixMode::Safe).text
}

/// The size estimate of a Dockerfile (the core's estimator), with the
/// .dockerignore and a dropped folder's listing when there are.
pub fn size_of(dockerfile: &str, dockerignore: &str, context: Option<&Listing>) -> SizeView {
    let df = slimfile::parse(dockerfile);
    let ignore = (!dockerignore.trim().is_empty()).then(|| slimfile::dockerignore::DockerIgnore::parse(dockerignore));
    let est = slimfile::estimate::estimate(&df, ignore.as_ref(), context.map(|l| &l.files[..]), None);
    SizeView::build(&est, &df)
}

/// What a page's URL hash asks for: `#v1=…` a share link's files and
/// settings (or a notice saying why the link cannot be read),
/// `#example=CODE` a rule's documented example. `None` for anything else.
pub fn hash_action(hash: &str) -> Option<Action> {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    if let Some(code) = hash.strip_prefix("example=") {
        return Some(Action::LoadRuleExample(code.to_string()));
    }
    if hash.starts_with('v') && hash.contains('=') && hash.split('=').next().is_some_and(|v| v[1..].chars().all(|c| c.is_ascii_digit())) {
        return Some(match share::decode(hash) {
            Ok(shared) => Action::LoadShared(shared),
            Err(e) => Action::Notify(format!("This share link could not be read ({e}); your own text is kept.")),
        });
    }
    None
}

/// The share link's hash (`v1=…`) of the state's files and settings.
pub fn share_hash(state: &State) -> Result<String, String> {
    share::encode(&state.shared()).map_err(|e| e.to_string())
}

impl State {
    /// What a share link of this state carries.
    pub fn shared(&self) -> Shared {
        Shared {
            dockerfile: self.text.to_string(),
            dockerignore: (!self.ignore.is_empty()).then(|| self.ignore.to_string()),
            settings: (*self.settings).clone(),
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Edit { tab, text, at } => {
                if *text == **self.text_of(tab) {
                    return self;
                }
                let mut next = (*self).clone();
                let coalesce = matches!(next.last_edit, Some((t, when)) if t == tab && at - when < COALESCE_MS && at >= when);
                if !coalesce {
                    next.push_undo();
                }
                next.redo.clear();
                next.last_edit = Some((tab, at));
                match tab {
                    Tab::Dockerfile => next.text = text.into(),
                    Tab::Dockerignore => next.ignore = text.into(),
                }
                next.dialog = None;
                next.preview_size = None;
                next.notice = None;
                Rc::new(next)
            }
            Action::Analyze if !self.needs_analysis() => self,
            Action::Analyze => Rc::new((*self).clone().reanalysed()),
            Action::DeferBig(on) if on == self.defer_big => self,
            Action::DeferBig(on) => {
                let mut next = (*self).clone();
                next.defer_big = on;
                Rc::new(next)
            }
            Action::Analysed(done) => {
                let same_context = match (&done.context, &self.context) {
                    (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                    (None, None) => true,
                    _ => false,
                };
                if done.settings != self.settings || !same_context {
                    return self;
                }
                let of_texts = *done.analysis.dockerfile == *self.text && *done.analysis.dockerignore == *self.ignore;
                let other = *done.analysis.dockerfile != *self.analysis.dockerfile || *done.analysis.dockerignore != *self.analysis.dockerignore;
                let newer_data = done.data > self.analysed_data;
                let welcome = if self.is_current() {
                    of_texts && (newer_data || (self.highlights.is_none() && done.highlights.is_some()))
                } else {
                    of_texts || other
                };
                if !welcome || done.data < self.analysed_data {
                    return self;
                }
                let mut next = (*self).clone();
                next.analysis = done.analysis.clone();
                next.size = done.size.clone();
                next.highlights = done.highlights.clone();
                next.analysed_data = done.data;
                Rc::new(next)
            }
            Action::SwitchTab(tab) if tab == self.tab => self,
            Action::SwitchTab(tab) => {
                let mut next = (*self).clone();
                next.tab = tab;
                next.last_edit = None;
                Rc::new(next)
            }
            Action::LoadExample(i) => {
                let Some(example) = EXAMPLES.get(i) else { return self };
                if *self.text == *example.dockerfile && *self.ignore == *example.dockerignore {
                    return self;
                }
                let mut next =
                    self.changed(example.dockerfile.into(), example.dockerignore.into(), format!("Loaded the {} example", example.name));
                if *self.text != *example.dockerfile {
                    next.previous = Some(self.text.clone());
                }
                next.tab = Tab::Dockerfile;
                Rc::new(next)
            }
            Action::Restore => match &self.previous {
                Some(previous) => {
                    let mut next = self.changed(previous.clone(), self.ignore.clone(), "Restored the previous text".into());
                    next.previous = Some(self.text.clone());
                    next.tab = Tab::Dockerfile;
                    Rc::new(next)
                }
                None => self,
            },
            Action::ApplyFix { index, confirmed } => match self.dialog_for(FixTarget::One(index)) {
                Some(dialog) if dialog.unsafe_ && !confirmed => Rc::new(self.with_dialog(dialog)),
                Some(dialog) => Rc::new(self.apply_dialog(&dialog)),
                None => self,
            },
            Action::ApplyAllSafe => match self.dialog_for(FixTarget::AllSafe) {
                Some(dialog) => Rc::new(self.apply_dialog(&dialog)),
                None => self,
            },
            Action::Preview(target) => match self.dialog_for(target) {
                Some(dialog) => Rc::new(self.with_dialog(dialog)),
                None => self,
            },
            Action::ConfirmDialog => match &self.dialog {
                // Apply what was previewed, if the texts did not change since.
                Some(dialog) if *dialog.before == **self.text_of(dialog.tab) => Rc::new(self.apply_dialog(dialog)),
                Some(_) => {
                    let mut next = (*self).clone();
                    next.dialog = None;
                    next.preview_size = None;
                    Rc::new(next)
                }
                None => self,
            },
            Action::ApplyTexts { dockerfile, dockerignore, label, over } => {
                if over != self.snapshot() || (dockerfile == self.text && dockerignore == self.ignore) {
                    return self;
                }
                let only_ignore = dockerfile == self.text;
                let mut next = self.changed(dockerfile, dockerignore, format!("Applied: {label}"));
                next.tab = if only_ignore { Tab::Dockerignore } else { Tab::Dockerfile };
                Rc::new(next)
            }
            Action::CloseDialog if self.dialog.is_none() => self,
            Action::CloseDialog => {
                let mut next = (*self).clone();
                next.dialog = None;
                next.preview_size = None;
                Rc::new(next)
            }
            Action::Undo | Action::Redo => {
                let mut next = (*self).clone();
                let (from, to) = if action == Action::Undo { (&mut next.undo, &mut next.redo) } else { (&mut next.redo, &mut next.undo) };
                let Some(step) = from.pop() else { return self };
                to.push(Snapshot { dockerfile: self.text.clone(), dockerignore: self.ignore.clone() });
                // Show the tab that changed.
                if *step.dockerfile == *self.text && *step.dockerignore != *self.ignore {
                    next.tab = Tab::Dockerignore;
                } else if *step.dockerfile != *self.text {
                    next.tab = Tab::Dockerfile;
                }
                next.text = step.dockerfile;
                next.ignore = step.dockerignore;
                next.last_edit = None;
                next.dialog = None;
                next.preview_size = None;
                next.notice = Some(if action == Action::Undo { "Undone".into() } else { "Redone".into() });
                Rc::new(next.analysed())
            }
            Action::SetSettings(settings) if settings == *self.settings => self,
            Action::SetSettings(settings) => {
                let mut next = (*self).clone();
                next.settings = Rc::new(settings);
                next.dialog = None;
                next.preview_size = None;
                Rc::new(next.reanalysed())
            }
            Action::SetMeasure(measure) if measure == self.measure => self,
            Action::SetMeasure(measure) => {
                let mut next = (*self).clone();
                next.measure = measure;
                Rc::new(next)
            }
            Action::SetContext(context) if context == self.context => self,
            Action::SetContext(context) => {
                let mut next = (*self).clone();
                next.context = context;
                Rc::new(next.resized())
            }
            Action::SetDockerignore(text) if *text == *self.ignore => self,
            Action::SetDockerignore(text) => {
                let mut next = self.changed(self.text.clone(), text.into(), "Put the .dockerignore in the editor".into());
                next.tab = Tab::Dockerignore;
                Rc::new(next)
            }
            Action::LoadShared(shared) => {
                let ignore: Rc<str> = shared.dockerignore.unwrap_or_default().into();
                let mut next = self.changed(shared.dockerfile.into(), ignore, "Loaded the shared files and settings".into());
                if *next.text != *self.text {
                    next.previous = Some(self.text.clone());
                }
                next.settings = Rc::new(shared.settings);
                next.tab = Tab::Dockerfile;
                Rc::new(next.reanalysed())
            }
            Action::LoadRuleExample(code) => {
                let Some((code, example)) = crate::embed::rule_example(&code) else {
                    let mut next = (*self).clone();
                    next.notice = Some(format!("There is no rule {code} with an example; your own text is kept."));
                    return Rc::new(next);
                };
                Rc::new(self.with_rule_example(code, example))
            }
            Action::Notify(text) => {
                let mut next = (*self).clone();
                next.notice = Some(text);
                Rc::new(next)
            }
            Action::OpenShare | Action::CloseShare => {
                let open = action == Action::OpenShare;
                if open == self.share_open {
                    return self;
                }
                let mut next = (*self).clone();
                next.share_open = open;
                Rc::new(next)
            }
        }
    }
}
