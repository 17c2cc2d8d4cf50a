//! The app's one state and the actions that change it (Yew's reducer
//! pattern, as in the `function_todomvc` example). Pure logic: no DOM here,
//! so it is tested natively and in the browser alike.
//!
//! The user's text is never dropped: [`Action::LoadExample`] keeps the text it
//! replaces, and [`Action::Restore`] swaps the two back (so a restore drops
//! nothing either).

use std::rc::Rc;

use yew::Reducible;

use crate::analysis::Analysis;

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

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// The text in the editor.
    pub text: Rc<str>,
    /// The core's answer for `text`, always up to date with it.
    pub analysis: Rc<Analysis>,
    /// The text that LoadExample replaced (or that Restore swapped out).
    pub previous: Option<Rc<str>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// The user changed the text.
    Edit(String),
    /// Put the example in the editor (the current text is kept for Restore).
    LoadExample,
    /// Swap the editor's text with the previous text.
    Restore,
}

impl State {
    pub fn new(text: impl Into<Rc<str>>) -> State {
        let text = text.into();
        let analysis = Rc::new(Analysis::of(&text));
        State { text, analysis, previous: None }
    }

    /// The state on page load: the saved text if there is one (even an empty
    /// one: the user emptied the editor), else the example.
    pub fn initial(saved: Option<String>, previous: Option<String>) -> State {
        let mut state = match saved {
            Some(text) => State::new(text),
            None => State::new(EXAMPLE),
        };
        state.previous = previous.map(Into::into);
        state
    }

    fn with_text(&self, text: Rc<str>, previous: Option<Rc<str>>) -> State {
        let analysis = if text == self.text { self.analysis.clone() } else { Rc::new(Analysis::of(&text)) };
        State { text, analysis, previous }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Edit(text) if *text == *self.text => self,
            Action::Edit(text) => Rc::new(self.with_text(text.into(), self.previous.clone())),
            Action::LoadExample if &*self.text == EXAMPLE => self,
            Action::LoadExample => Rc::new(self.with_text(EXAMPLE.into(), Some(self.text.clone()))),
            Action::Restore => match &self.previous {
                Some(previous) => Rc::new(self.with_text(previous.clone(), Some(self.text.clone()))),
                None => self,
            },
        }
    }
}
