//! What can be open over a screen: a choice list, a search, the evidence
//! viewer, and which of them has the keys.

/// What a choice list is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Purpose {
    /// The cluster's conclusion, from the rubric's opinions.
    Conclusion,
    /// Withdrawing a declared conflict of interest.
    Withdraw,
    /// Exporting a review that is not complete.
    ExportIncomplete,
    /// Exporting while typed text is not confirmed.
    ExportDrafts,
    /// The prefecture the list shows, narrowed by what is typed.
    Prefecture,
}

/// A short list to choose from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Chooser {
    pub cluster: String,
    pub purpose: Purpose,
    pub choices: Vec<String>,
    pub selected: usize,
    /// What is typed to narrow the choices (the prefecture chooser).
    pub query: String,
}

/// A search hit: a cluster, or an evidence item of a cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Hit {
    Cluster(usize),
    Evidence { title: usize },
}

/// An evidence file opened in the terminal.
#[derive(Clone, Debug, Default)]
pub(crate) struct Viewer {
    pub title: String,
    /// Its particulars: path, size, SHA-256, pages.
    pub info: Vec<String>,
    /// Its text, for text files (inert when drawn).
    pub lines: Vec<String>,
    pub scroll: usize,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct SearchState {
    pub query: String,
    pub hits: Vec<Hit>,
    pub selected: usize,
    /// Every cluster and title the last query matched (not only the hits
    /// shown), for narrowing as the query grows.
    pub matched: Option<(String, Vec<usize>, Vec<usize>)>,
}

/// What lies on top of the screen: one at a time, decided here alone (the
/// key mode, Esc and the drawing all ask this).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Overlay {
    Editor,
    Chooser,
    Help,
    Viewer,
    Progress,
    Search,
}
