//! The application's own documents (申报材料) the notice lists beside the
//! 申报表: 1. 申报湖北省重点成长型产业集群的请示, 2. 产业集群发展情况,
//! 4. 产业集群发展规划. A catalogue row names one of them in its 对应评分项
//! column instead of a rubric item; they are kept with the evidence under
//! the key `doc:…`, and the pre-screen reports those an application lacks.

use crate::i18n::{M, tr};
use crate::model::Round;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Document {
    /// 申报湖北省重点成长型产业集群的请示.
    Request,
    /// 产业集群发展情况.
    Status,
    /// 产业集群发展规划.
    Plan,
}

impl Document {
    pub const ALL: [Document; 3] = [Document::Request, Document::Status, Document::Plan];

    /// The documents a round's submission must hold.
    pub fn required(round: Round) -> &'static [Document] {
        match round {
            Round::Application => &Document::ALL,
            Round::Assessment => &[],
        }
    }

    /// How it is kept in place of a rubric item id.
    pub fn key(self) -> &'static str {
        match self {
            Document::Request => "doc:request",
            Document::Status => "doc:status",
            Document::Plan => "doc:plan",
        }
    }

    pub fn from_key(key: &str) -> Option<Document> {
        Document::ALL.into_iter().find(|d| d.key() == key)
    }

    /// The document a catalogue's 对应评分项 cell names (`请示`, `申报请示`,
    /// `产业集群发展情况`, `发展规划` …), tried after the rubric's items.
    pub(crate) fn named(text: &str) -> Option<Document> {
        let t = crate::text::fold(text);
        if t.contains("请示") {
            Some(Document::Request)
        } else if t.contains("发展情况") {
            Some(Document::Status)
        } else if t.contains("发展规划") {
            Some(Document::Plan)
        } else {
            None
        }
    }

    pub fn name(self) -> &'static str {
        tr(match self {
            Document::Request => M::DocRequest,
            Document::Status => M::DocStatus,
            Document::Plan => M::DocPlan,
        })
    }
}

/// How an evidence row's item is named: the rubric item's id and name, or
/// the document it is.
pub(crate) fn item_label(rubric: Option<&crate::review::rubric::Rubric>, key: &str) -> String {
    if let Some(d) = Document::from_key(key) {
        return d.name().to_string();
    }
    rubric
        .and_then(|r| r.items.iter().find(|i| i.id == key))
        .map_or(key.to_string(), |i| format!("{} {}", i.id, i.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_by_the_words_offices_use() {
        assert_eq!(Document::named("申报请示"), Some(Document::Request));
        assert_eq!(Document::named("请示"), Some(Document::Request));
        assert_eq!(Document::named("产业集群发展情况"), Some(Document::Status));
        assert_eq!(Document::named("发展规划"), Some(Document::Plan));
        assert_eq!(Document::named("W1 工作规划及组织实施"), None);
        for d in Document::ALL {
            assert_eq!(Document::from_key(d.key()), Some(d));
        }
    }
}
