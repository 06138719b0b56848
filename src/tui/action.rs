//! Every action the UI can take, declared once: its name in key maps
//! (`keymaps/*.toml` bind keys to it by that name), its description for the
//! help and the footer (a message of the i18n table), and what it does for
//! developers (the doc comment). Adding an action is a line here, its
//! message, and its handler in `update.rs`; the help lists it from the key
//! map, and a key map section's `footer` can offer it.

use crate::i18n::{M, tr};

macro_rules! actions {
    ($($(#[doc = $doc:literal])* $variant:ident = $name:literal, $label:ident;)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub(crate) enum Action {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Action {
            /// Every action, in the order declared.
            #[cfg(test)]
            pub(crate) const ALL: &'static [Action] = &[$(Action::$variant),*];

            /// The name used in key maps (`next_incomplete`).
            #[cfg(test)]
            pub(crate) fn name(self) -> &'static str {
                match self {
                    $(Action::$variant => $name,)*
                }
            }

            /// The action a key map names, if any.
            pub(crate) fn from_name(name: &str) -> Option<Action> {
                match name {
                    $($name => Some(Action::$variant),)*
                    _ => None,
                }
            }

            /// The message that describes it, for the help and the footer.
            pub(crate) fn label(self) -> M {
                match self {
                    $(Action::$variant => M::$label,)*
                }
            }
        }
    };
}

actions! {
    /// Leave pingshen.
    Quit = "quit", ActQuit;
    /// Move the selection up one row.
    Up = "up", ActUp;
    /// Move the selection down one row.
    Down = "down", ActDown;
    /// Move the selection up one page.
    PageUp = "page_up", ActPageUp;
    /// Move the selection down one page.
    PageDown = "page_down", ActPageDown;
    /// Go to the first row.
    Top = "top", ActTop;
    /// Go to the last row.
    Bottom = "bottom", ActBottom;
    /// Open what is selected (a cluster, an evidence file, a search hit).
    Open = "open", ActOpen;
    /// Go back to where you were (jump list).
    Back = "back", ActBack;
    /// Go forward again (jump list).
    Forward = "forward", ActForward;
    /// Start a search over clusters and evidence titles.
    Search = "search", ActSearch;
    /// Show the selected cluster's evidence catalogue.
    Evidence = "evidence", ActEvidence;
    /// Show or hide the help.
    Help = "help", ActHelp;
    /// Show the next round (all / 考核 / 申报).
    NextRound = "next_round", ActNextRound;
    /// Show the next prefecture (all / each one).
    NextPrefecture = "next_prefecture", ActNextPrefecture;
    /// Sort the list by the next column.
    NextSort = "next_sort", ActNextSort;
    /// Filter the evidence by the next rubric item.
    NextItem = "next_item", ActNextItem;
    /// Leave the search or the help.
    Cancel = "cancel", ActCancel;
    /// Delete the character before the cursor in a text field.
    DeleteBack = "delete_back", ActDeleteBack;
    /// Delete the character under the cursor in a text field.
    DeleteForward = "delete_forward", ActDeleteForward;
    /// Score the selected item, choose the conclusion or write the opinion.
    Edit = "edit", ActEdit;
    /// Write a comment on the selected item.
    Comment = "comment", ActComment;
    /// Write the opinion on the cluster.
    Opinion = "opinion", ActOpinion;
    /// Choose the cluster's conclusion.
    Conclude = "conclude", ActConclude;
    /// Declare a conflict of interest (回避), or withdraw it.
    Conflict = "conflict", ActConflict;
    /// Raise the selected item's score by one step.
    Increase = "increase", ActIncrease;
    /// Lower the selected item's score by one step.
    Decrease = "decrease", ActDecrease;
    /// Clear the selected item's score.
    Clear = "clear", ActClear;
    /// Undo the last change.
    Undo = "undo", ActUndo;
    /// Redo the last undone change.
    Redo = "redo", ActRedo;
    /// Go to the next cluster not yet complete.
    NextIncomplete = "next_incomplete", ActNextIncomplete;
    /// Show the progress of the bundle and of each prefecture.
    Progress = "progress", ActProgress;
    /// Export the signed review file.
    Export = "export", ActExport;
    /// Save what is being typed.
    Confirm = "confirm", ActConfirm;
    /// A new line in the opinion (saves a one-line field).
    Newline = "newline", ActNewline;
    /// Move the cursor left in a text field.
    CaretLeft = "caret_left", ActCaretLeft;
    /// Move the cursor right in a text field.
    CaretRight = "caret_right", ActCaretRight;
    /// Move the cursor up a line in a text field.
    CaretUp = "caret_up", ActCaretUp;
    /// Move the cursor down a line in a text field.
    CaretDown = "caret_down", ActCaretDown;
    /// Move the cursor to the start of the line.
    CaretHome = "caret_home", ActCaretHome;
    /// Move the cursor to the end of the line.
    CaretEnd = "caret_end", ActCaretEnd;
    /// In a score: save it and go on to the next item.
    NextField = "next_field", ActNextField;
    /// In a score: save it and go back to the item before.
    PreviousField = "previous_field", ActPreviousField;
    /// Show the previous prefecture.
    PreviousPrefecture = "previous_prefecture", ActPreviousPrefecture;
    /// Choose the prefecture to show by typing part of its name or pinyin.
    ChoosePrefecture = "choose_prefecture", ActChoosePrefecture;
}

impl Action {
    /// What the action does, in the interface language.
    pub(crate) fn describe(self) -> &'static str {
        tr(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_is_found_by_its_name_and_has_its_own_description() {
        let mut labels = std::collections::BTreeSet::new();
        for a in Action::ALL {
            assert_eq!(Action::from_name(a.name()), Some(*a));
            assert!(labels.insert(a.label().key()), "{a:?} shares a message");
            assert!(a.label().key().starts_with("Act"), "{a:?}");
        }
        assert_eq!(Action::from_name("no_such_action"), None);
        assert_eq!(Action::NextIncomplete.name(), "next_incomplete");
    }
}
