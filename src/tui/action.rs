//! Every action the UI can take. Key maps (`keymaps/*.toml`) bind keys to
//! these by their snake_case names; the help screen and the footer hints are
//! generated from the same bindings.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Leave pingshen.
    Quit,
    /// Move the selection up one row.
    Up,
    /// Move the selection down one row.
    Down,
    /// Move the selection up one page.
    PageUp,
    /// Move the selection down one page.
    PageDown,
    /// Go to the first row.
    Top,
    /// Go to the last row.
    Bottom,
    /// Open what is selected (a cluster, an evidence file, a search hit).
    Open,
    /// Go back to where you were (jump list).
    Back,
    /// Go forward again (jump list).
    Forward,
    /// Start a search over clusters and evidence titles.
    Search,
    /// Show the selected cluster's evidence catalogue.
    Evidence,
    /// Show or hide the help.
    Help,
    /// Show the next round (all / 考核 / 申报).
    NextRound,
    /// Show the next prefecture (all / each one).
    NextPrefecture,
    /// Sort the list by the next column.
    NextSort,
    /// Filter the evidence by the next rubric item.
    NextItem,
    /// Leave the search or the help.
    Cancel,
    /// Delete the character before the cursor in a text field.
    DeleteBack,
    /// Delete the character under the cursor in a text field.
    DeleteForward,
    /// Score the selected item, choose the conclusion or write the opinion.
    Edit,
    /// Write a comment on the selected item.
    Comment,
    /// Write the opinion on the cluster.
    Opinion,
    /// Choose the cluster's conclusion.
    Conclude,
    /// Declare a conflict of interest (回避), or withdraw it.
    Conflict,
    /// Raise the selected item's score by one step.
    Increase,
    /// Lower the selected item's score by one step.
    Decrease,
    /// Clear the selected item's score.
    Clear,
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Go to the next cluster not yet complete.
    NextIncomplete,
    /// Show the progress of the bundle and of each prefecture.
    Progress,
    /// Export the signed review file.
    Export,
    /// Save what is being typed.
    Confirm,
    /// A new line in the opinion (saves a one-line field).
    Newline,
    /// Move the cursor left in a text field.
    CaretLeft,
    /// Move the cursor right in a text field.
    CaretRight,
    /// Move the cursor up a line in a text field.
    CaretUp,
    /// Move the cursor down a line in a text field.
    CaretDown,
    /// Move the cursor to the start of the line.
    CaretHome,
    /// Move the cursor to the end of the line.
    CaretEnd,
    /// In a score: save it and go on to the next item.
    NextField,
    /// In a score: save it and go back to the item before.
    PreviousField,
    /// Show the previous prefecture.
    PreviousPrefecture,
    /// Choose the prefecture to show by typing part of its name or pinyin.
    ChoosePrefecture,
}

impl Action {
    /// The name used in key maps.
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
}
