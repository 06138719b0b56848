//! How long merging the panel's files takes, with the figures the README
//! quotes:
//!
//!     cargo run --release --example bench_merge
//!
//! A national-scale bundle (3,500 clusters, one evidence file each) is
//! generated, packed and imported into a store; fifteen reviewers each
//! make a complete review of it (as in `bench_verify`, the scores varying
//! by reviewer), signed with fifteen keys; then `pingshen::merge` verifies
//! all fifteen, checks each against the bundle's rubric and clusters, and
//! reconciles and aggregates them, and the outputs are written (workbook,
//! CSV, JSON, manifest) — timed together, in-process, and as the whole
//! `pingshen merge --db STORE` command. For comparison, `ssh-keygen -Y
//! verify` on the same fifteen files, one after the other, in the same run.

#[path = "common/review.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use pingshen::merge::{self, Options};
use pingshen::sign::{self, allowed, keys};

const REVIEWERS: usize = 15;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut t: Vec<Duration>) -> f64 {
    t.sort();
    ms(t[t.len() / 2])
}

fn main() -> Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("target/bench-merge");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    // A national-scale bundle (3,500 clusters, one evidence file each),
    // imported into a store: every review is checked against it.
    let src = dir.join("submissions");
    let rubrics = root.join("testdata/rubric");
    pingshen_testdata::write_national(&src, 2018, common::CLUSTERS, 1, &rubrics)?;
    let bundle = dir.join("bundle.tar");
    let report = pingshen::bundle::pack::pack(&src, &bundle)?;
    anyhow::ensure!(report.errors().is_empty(), "the bundle packs");
    let db = dir.join("store.db");
    let mut store = pingshen::store::Store::open(&db)?;
    pingshen::store::import(&mut store, &bundle)?;
    let b = store.bundle(None)?;
    let reference = merge::Reference::from_store(&store, &b)?;
    drop(store);
    let assessment = &reference.rounds["assessment"];
    let ids: Vec<String> = assessment.clusters.iter().map(|c| c.id.clone()).collect();
    let mut lines = Vec::new();
    let mut files: Vec<PathBuf> = Vec::new();
    let mut names = Vec::new();
    for i in 0..REVIEWERS {
        let name = format!("专家{:02}", i + 1);
        let key_path = dir.join(format!("key{i}"));
        let public = keys::generate(&key_path, &name, None)?;
        let key = keys::load(&key_path, &mut || None)?;
        let bytes = common::review_of(&name, &public, i, &ids, &reference.id, &assessment.sha256)
            .to_bytes();
        let path = dir.join(format!("review{i:02}.json"));
        std::fs::write(&path, &bytes)?;
        std::fs::write(format!("{}.sig", path.display()), sign::sign(&key, &bytes)?)?;
        lines.push(keys::allowed_signers_line(&name, &public).unwrap());
        files.push(path);
        names.push(name);
    }
    let signers_path = dir.join("allowed_signers");
    std::fs::write(&signers_path, lines.join("\n") + "\n")?;
    let signers = allowed::parse(lines.join("\n"), "allowed_signers").signers;
    let size: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .sum();
    println!(
        "{REVIEWERS} review files of {} clusters, {:.1} MB in all ({})",
        common::CLUSTERS,
        size as f64 / 1e6,
        dir.display()
    );

    let at_hand = |id: &str| (id == reference.id).then(|| reference.clone());
    let mut merge_only = Vec::new();
    let mut with_outputs = Vec::new();
    for run in 0..5 {
        let t = Instant::now();
        let r = merge::merge(
            &files,
            &signers,
            sign::now(),
            &Options::default(),
            &[],
            &at_hand,
        )
        .context("merge")?;
        merge_only.push(t.elapsed());
        anyhow::ensure!(r.reviewers.len() == REVIEWERS, "every file used");
        merge::output::write(
            &r,
            &dir.join(format!("out{run}/result.xlsx")).tap_dir()?,
            true,
        )?;
        with_outputs.push(t.elapsed());
    }
    let exe = root.join("target/release/pingshen");
    let mut command = Vec::new();
    if exe.exists() {
        for run in 0..3 {
            let out = dir.join(format!("cmd{run}/result.xlsx")).tap_dir()?;
            let t = Instant::now();
            let o = std::process::Command::new(&exe)
                .arg("--db")
                .arg(&db)
                .arg("merge")
                .args(&files)
                .arg("--signers")
                .arg(&signers_path)
                .arg("-o")
                .arg(&out)
                .env("XDG_DATA_HOME", &dir)
                .output()?;
            command.push(t.elapsed());
            anyhow::ensure!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        }
    }
    let mut ssh = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        for (f, name) in files.iter().zip(&names) {
            let o = std::process::Command::new("ssh-keygen")
                .args(["-Y", "verify", "-f"])
                .arg(&signers_path)
                .args(["-I", name, "-n", sign::NAMESPACE, "-s"])
                .arg(format!("{}.sig", f.display()))
                .stdin(std::fs::File::open(f)?)
                .output()?;
            anyhow::ensure!(o.status.success(), "ssh-keygen refused {}", f.display());
        }
        ssh.push(t.elapsed());
    }
    println!(
        "merge in-process (verify 15 files, check them against the bundle, reconcile, aggregate): median {:.0} ms",
        median(merge_only)
    );
    println!(
        "  and with the outputs written (two workbooks, CSV, JSON, manifest): median {:.0} ms",
        median(with_outputs)
    );
    if !command.is_empty() {
        println!(
            "pingshen merge, whole command:                                median {:.0} ms",
            median(command)
        );
    } else {
        println!("(build the release binary for the whole-command figure: cargo build --release)");
    }
    println!(
        "ssh-keygen -Y verify on the same 15 files, one after another: median {:.0} ms",
        median(ssh)
    );
    Ok(())
}

trait TapDir {
    fn tap_dir(self) -> Result<PathBuf>;
}

impl TapDir for PathBuf {
    /// The path, with its folder made.
    fn tap_dir(self) -> Result<PathBuf> {
        if let Some(d) = self.parent() {
            std::fs::create_dir_all(d)?;
        }
        Ok(self)
    }
}
