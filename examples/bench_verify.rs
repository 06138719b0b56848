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

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use pingshen::sign::{self, allowed, keys};

#[path = "common/review.rs"]
mod common;

use common::CLUSTERS;

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

    let file = common::review("张三", &public, 0);
    let bytes = file.to_bytes();
    let sig = sign::sign(&key, &bytes)?;
    let review = dir.join("review.json");
    std::fs::write(&review, &bytes)?;
    std::fs::write(dir.join("review.json.sig"), &sig)?;
    let line = keys::allowed_signers_line("张三", &public).unwrap();
    std::fs::write(dir.join("allowed_signers"), format!("{line}\n"))?;
    let signers = allowed::parse(&line, "allowed_signers").signers;
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
        sign::check_signature(sign::NAMESPACE, &bytes, &sig, &signers, now).context("check")?;
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
