//! Where the reviewer is: the screen, a place in the jump list, how the
//! list is sorted, and the spot remembered between starts.

use crate::model::ClusterId;

/// Where the user is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Screen {
    List,
    Detail(ClusterId),
    Evidence(ClusterId),
}

/// A place in the jump list: the screen and its selection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Place {
    pub screen: Screen,
    pub selected: usize,
}

/// How the cluster list is sorted: by any of its columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sort {
    Id,
    Name,
    Prefecture,
    Industry,
    Round,
    Sales,
    Growth,
    Flags,
    Progress,
    Total,
}

impl Sort {
    pub(crate) const ALL: [Sort; 10] = [
        Sort::Id,
        Sort::Name,
        Sort::Prefecture,
        Sort::Industry,
        Sort::Round,
        Sort::Sales,
        Sort::Growth,
        Sort::Flags,
        Sort::Progress,
        Sort::Total,
    ];

    pub(crate) fn next(self) -> Sort {
        let i = Sort::ALL.iter().position(|s| *s == self).unwrap_or(0);
        Sort::ALL[(i + 1) % Sort::ALL.len()]
    }

    pub(crate) fn key(self) -> &'static str {
        match self {
            Sort::Id => "id",
            Sort::Name => "name",
            Sort::Prefecture => "prefecture",
            Sort::Industry => "industry",
            Sort::Round => "round",
            Sort::Sales => "sales",
            Sort::Growth => "growth",
            Sort::Flags => "flags",
            Sort::Progress => "progress",
            Sort::Total => "total",
        }
    }

    pub(crate) fn from_key(k: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|s| s.key() == k)
    }
}

/// Where a reviewer was, kept in the store to reopen there.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Spot {
    pub screen: String,
    pub cluster: Option<String>,
    pub selected: usize,
    pub round: Option<String>,
    pub prefecture: Option<String>,
    pub sort: String,
}
