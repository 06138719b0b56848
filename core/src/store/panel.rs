//! The panel's own opinions in the store: what its leader writes on a
//! merged result, per cluster and overall, kept under the result's
//! identity; each confirmed text and each draft being typed, committed
//! before the caller returns, as the experts' opinions are.

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension, params};

use crate::store::reviews::NOW;
use crate::store::{Store, StoreError};

/// The cluster key of the overall opinion.
const OVERALL: &str = "";

fn key(cluster: Option<&str>) -> &str {
    cluster.unwrap_or(OVERALL)
}

/// The panel's opinions on a result as kept: the overall one, and each
/// cluster's by id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PanelKept {
    pub overall: Option<String>,
    pub clusters: BTreeMap<String, String>,
}

impl Store {
    /// Keeps the panel's opinion on a cluster (`None`: the overall one) of
    /// `result`; an empty text removes it. Its draft goes with it.
    pub fn set_panel_opinion(
        &mut self,
        result: &str,
        cluster: Option<&str>,
        text: &str,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "DELETE FROM panel_opinions WHERE result = ?1 AND cluster = ?2",
            params![result, key(cluster)],
        )?;
        if !text.is_empty() {
            tx.execute(
                &format!(
                    "INSERT INTO panel_opinions (result, cluster, kind, text, at)
                     VALUES (?1, ?2, 'kept', ?3, {NOW})"
                ),
                params![result, key(cluster), text],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Keeps text being typed as a draft; an empty text removes the draft.
    pub fn save_panel_draft(
        &self,
        result: &str,
        cluster: Option<&str>,
        text: &str,
    ) -> Result<(), StoreError> {
        if text.is_empty() {
            self.conn.execute(
                "DELETE FROM panel_opinions WHERE result = ?1 AND cluster = ?2 AND kind = 'draft'",
                params![result, key(cluster)],
            )?;
            return Ok(());
        }
        self.conn.execute(
            &format!(
                "INSERT INTO panel_opinions (result, cluster, kind, text, at)
                 VALUES (?1, ?2, 'draft', ?3, {NOW})
                 ON CONFLICT (result, cluster, kind)
                 DO UPDATE SET text = excluded.text, at = excluded.at"
            ),
            params![result, key(cluster), text],
        )?;
        Ok(())
    }

    /// The draft of an opinion: (text, when saved in local time).
    pub fn panel_draft(
        &self,
        result: &str,
        cluster: Option<&str>,
    ) -> Result<Option<(String, String)>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT text, datetime(at, 'localtime') FROM panel_opinions
                 WHERE result = ?1 AND cluster = ?2 AND kind = 'draft'",
                params![result, key(cluster)],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// The opinions kept on `result`.
    pub fn panel_opinions(&self, result: &str) -> Result<PanelKept, StoreError> {
        let mut st = self.conn.prepare(
            "SELECT cluster, text FROM panel_opinions WHERE result = ?1 AND kind = 'kept'",
        )?;
        let rows = st.query_map(params![result], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut out = PanelKept::default();
        for row in rows {
            let (cluster, text) = row?;
            if cluster == OVERALL {
                out.overall = Some(text);
            } else {
                out.clusters.insert(cluster, text);
            }
        }
        Ok(out)
    }

    /// The clusters (`None`: the overall opinion) with a draft on `result`.
    pub fn panel_drafts(&self, result: &str) -> Result<Vec<Option<String>>, StoreError> {
        let mut st = self.conn.prepare(
            "SELECT cluster FROM panel_opinions WHERE result = ?1 AND kind = 'draft' ORDER BY cluster",
        )?;
        let rows = st.query_map(params![result], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for row in rows {
            let c = row?;
            out.push((c != OVERALL).then_some(c));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opinions_and_drafts_are_kept_by_result_and_cluster() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("s.db")).unwrap();
        s.save_panel_draft("r1", Some("KH-1"), "草稿").unwrap();
        s.save_panel_draft("r1", None, "总体草稿").unwrap();
        assert_eq!(
            s.panel_draft("r1", Some("KH-1")).unwrap().unwrap().0,
            "草稿"
        );
        assert_eq!(s.panel_draft("r2", Some("KH-1")).unwrap(), None);
        assert_eq!(
            s.panel_drafts("r1").unwrap(),
            [None, Some("KH-1".to_string())]
        );
        // Kept: the draft goes.
        s.set_panel_opinion("r1", Some("KH-1"), "意见").unwrap();
        s.set_panel_opinion("r1", None, "总体意见").unwrap();
        assert_eq!(s.panel_draft("r1", Some("KH-1")).unwrap(), None);
        let kept = s.panel_opinions("r1").unwrap();
        assert_eq!(kept.overall.as_deref(), Some("总体意见"));
        assert_eq!(kept.clusters["KH-1"], "意见");
        assert_eq!(s.panel_opinions("r2").unwrap(), PanelKept::default());
        // Emptied: gone.
        s.set_panel_opinion("r1", Some("KH-1"), "").unwrap();
        assert!(s.panel_opinions("r1").unwrap().clusters.is_empty());
        // A second connection sees what the first committed.
        let other = Store::open(&dir.path().join("s.db")).unwrap();
        assert_eq!(
            other.panel_opinions("r1").unwrap().overall.as_deref(),
            Some("总体意见")
        );
    }
}
