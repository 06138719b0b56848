//! How long verifying a review file takes, with the figures the README
//! quotes:
//!
//!     cargo run --release --example bench_verify
//!
//! A complete review of 3,500 clusters (every assessment item scored, a
//! conclusion each, a comment on every fifth, an opinion on every tenth) is
//! built in the review file format, signed with a fresh Ed25519 key, and
//! verified in-process (`pingshen::sign::verify`: signature, namespace,
//! signer, validity, then parsing and checking the verified bytes) — and by
//! `ssh-keygen -Y verify` on the same file in the same run, for comparison
//! (a whole process, which checks the signature only).

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use pingshen::review::rubric::Points;
use pingshen::sign::file::{BundleRef, ClusterReview, ReviewFile, ReviewerRef, Summary};
use pingshen::sign::{self, allowed, keys};

const CLUSTERS: usize = 3_500;
const ITEMS: [&str; 12] = [
    "P1", "P2", "P3", "P4", "W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8",
];

fn median(mut t: Vec<Duration>) -> (f64, f64) {
    t.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (ms(t[t.len() / 2]), ms(t[0]))
}

fn main() -> Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-verify");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let key_path = dir.join("id_ed25519");
    let public = keys::generate(&key_path, "张三", None)?;
    let key = keys::load(&key_path, &mut || None)?;

    let mut clusters = Vec::with_capacity(CLUSTERS);
    for n in 0..CLUSTERS {
        let scores: Vec<Option<Points>> = (0..ITEMS.len())
            .map(|k| Some(Points((((n + k) % 7 + 1) * 100 + 50) as i64)))
            .collect();
        let mut c = ClusterReview {
            id: format!("KH-{:04}-{:02}", 4201 + n / 20, n % 20 + 1),
            status: "complete".into(),
            scores,
            conclusion: Some("合格".into()),
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
    let file = ReviewFile {
        format: sign::file::FORMAT.into(),
        version: sign::file::VERSION,
        bundle: BundleRef {
            id: "b".repeat(64),
            manifest_sha256: "b".repeat(64),
            title: "全国规模基准评审包".into(),
            year: 2018,
        },
        rubrics: BTreeMap::from([("assessment".into(), "a".repeat(64))]),
        items: BTreeMap::from([(
            "assessment".into(),
            ITEMS.iter().map(|s| s.to_string()).collect(),
        )]),
        reviewer: ReviewerRef {
            name: "张三".into(),
            key: keys::fingerprint(&public),
            public_key: public.to_openssh()?.trim().to_string(),
        },
        sequence: 1,
        previous: None,
        exported_at: "2026-11-27T00:00:00Z".into(),
        complete: true,
        summary: Summary {
            clusters: CLUSTERS as u64,
            complete: CLUSTERS as u64,
            ..Summary::default()
        },
        clusters: BTreeMap::from([("assessment".into(), clusters)]),
    };
    let bytes = file.to_bytes();
    let sig = sign::sign(&key, &bytes)?;
    let review = dir.join("review.json");
    std::fs::write(&review, &bytes)?;
    std::fs::write(dir.join("review.json.sig"), &sig)?;
    let line = keys::allowed_signers_line("张三", &public);
    std::fs::write(dir.join("allowed_signers"), format!("{line}\n"))?;
    let signers = allowed::parse(&line, "allowed_signers")?;
    println!(
        "review file: {CLUSTERS} clusters, {} bytes ({})",
        bytes.len(),
        review.display()
    );

    let now = sign::now();
    let mut ours = Vec::new();
    let mut sig_only = Vec::new();
    for _ in 0..50 {
        let t = Instant::now();
        let v = sign::verify(&bytes, &sig, &signers, now).context("verify")?;
        ours.push(t.elapsed());
        anyhow::ensure!(v.file.clusters["assessment"].len() == CLUSTERS);
        let t = Instant::now();
        sign::check_signature(&bytes, &sig, &signers, now).context("check")?;
        sig_only.push(t.elapsed());
    }
    let mut theirs = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        let o = std::process::Command::new("ssh-keygen")
            .args(["-Y", "verify", "-f"])
            .arg(dir.join("allowed_signers"))
            .args(["-I", "张三", "-n", sign::NAMESPACE, "-s"])
            .arg(dir.join("review.json.sig"))
            .stdin(std::fs::File::open(&review)?)
            .output()
            .context("ssh-keygen")?;
        theirs.push(t.elapsed());
        anyhow::ensure!(o.status.success(), "ssh-keygen refused the file");
    }
    let (m, best) = median(ours);
    println!(
        "pingshen verify in-process, whole check + parse: median {m:.3} ms (best {best:.3} ms)"
    );
    let (m, best) = median(sig_only);
    println!(
        "  of which the signature check (SSHSIG, namespace, signer): median {m:.3} ms (best {best:.3} ms)"
    );
    let (m, best) = median(theirs);
    println!(
        "ssh-keygen -Y verify, whole process, same file:   median {m:.3} ms (best {best:.3} ms)"
    );
    Ok(())
}
