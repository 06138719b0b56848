//! A national-scale review file for the benchmarks: 3,500 assessment
//! clusters, every item scored with a decimal, a conclusion each, a comment
//! on every fifth, an opinion on every tenth. `seed` varies the scores from
//! one reviewer to the next.

use std::collections::BTreeMap;

use pingshen::review::rubric::Points;
use pingshen::sign::file::{BundleRef, ClusterReview, ReviewFile, ReviewerRef, Summary};
use pingshen::sign::{self, keys};
use ssh_key::PublicKey;

pub const CLUSTERS: usize = 3_500;
pub const ITEMS: [&str; 12] = [
    "P1", "P2", "P3", "P4", "W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8",
];

/// A review of made-up clusters and rubric (for signature benchmarks).
#[allow(dead_code)]
pub fn review(name: &str, key: &PublicKey, seed: usize) -> ReviewFile {
    let ids: Vec<String> = (0..CLUSTERS)
        .map(|n| format!("KH-{:04}-{:02}", 4201 + n / 20, n % 20 + 1))
        .collect();
    review_of(name, key, seed, &ids, &"b".repeat(64), &"a".repeat(64))
}

/// A review of the assessment clusters `ids` of bundle `bundle`, whose
/// assessment rubric has the SHA-256 `rubric` (the shipped one's items).
pub fn review_of(
    name: &str,
    key: &PublicKey,
    seed: usize,
    ids: &[String],
    bundle: &str,
    rubric: &str,
) -> ReviewFile {
    let mut clusters = Vec::with_capacity(ids.len());
    for (n, id) in ids.iter().enumerate() {
        // 1.5 to 5.5: on the step and within every item's maximum.
        let scores: Vec<Option<Points>> = (0..ITEMS.len())
            .map(|k| Some(Points((((n + k + seed) % 5 + 1) * 100 + 50) as i64)))
            .collect();
        let mut c = ClusterReview {
            id: id.clone(),
            status: "complete".into(),
            scores,
            conclusion: Some(
                if (n + seed).is_multiple_of(9) {
                    "不合格"
                } else {
                    "合格"
                }
                .into(),
            ),
            ..ClusterReview::default()
        };
        if n % 5 == 0 {
            c.comments
                .insert("P1".into(), "新增销售收入与附件中的统计报表一致".into());
        }
        if n % 10 == 0 {
            c.opinion = Some("集群龙头带动作用明显，配套完善；建议继续支持。".into());
        }
        clusters.push(c);
    }
    clusters.sort_by(|a, b| a.id.cmp(&b.id));
    ReviewFile {
        format: sign::file::FORMAT.into(),
        version: sign::file::VERSION,
        bundle: BundleRef {
            id: bundle.into(),
            manifest_sha256: bundle.into(),
            title: "全国规模基准评审包".into(),
            year: 2018,
        },
        rubrics: BTreeMap::from([("assessment".into(), rubric.into())]),
        items: BTreeMap::from([(
            "assessment".into(),
            ITEMS.iter().map(|s| s.to_string()).collect(),
        )]),
        reviewer: ReviewerRef {
            name: name.into(),
            key: keys::fingerprint(key),
            public_key: key.to_openssh().unwrap_or_default().trim().to_string(),
        },
        sequence: 1,
        previous: None,
        exported_at: "2026-11-27T00:00:00Z".into(),
        complete: true,
        summary: Summary {
            clusters: ids.len() as u64,
            complete: ids.len() as u64,
            ..Summary::default()
        },
        clusters: BTreeMap::from([("assessment".into(), clusters)]),
    }
}
