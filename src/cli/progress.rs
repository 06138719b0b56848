//! The progress bar of `pack`, `import` and `merge --bundle` on standard
//! error: bytes, files, speed and time left, drawn only when standard error
//! is a terminal (a log or a pipe gets nothing extra).

use std::io::IsTerminal;
use std::sync::{Arc, Mutex};

use indicatif::{HumanBytes, ProgressBar, ProgressDrawTarget, ProgressStyle};

use pingshen::i18n::{M, tr, trf};
use pingshen::progress::{self, Meter, Task};

/// Installs the bar when standard error is a terminal.
pub fn install_on_terminal() {
    if std::io::stderr().is_terminal() {
        progress::install(Arc::new(Bar::default()));
    }
}

/// The task being shown.
struct Shown {
    bar: ProgressBar,
    /// Measured in bytes (the total is known), else in files.
    by_bytes: bool,
    bytes: u64,
    files: u64,
    files_total: u64,
}

#[derive(Default)]
struct Bar(Mutex<Option<Shown>>);

impl Shown {
    fn say(&self) {
        let files = trf(
            M::ProgressFiles,
            &[&self.files.to_string(), &self.files_total.to_string()],
        );
        if self.by_bytes {
            self.bar.set_message(files);
        } else {
            let read = trf(M::ProgressRead, &[&HumanBytes(self.bytes).to_string()]);
            self.bar.set_message(format!("{read} · {files}"));
        }
    }
}

impl Meter for Bar {
    fn begin(&self, task: Task, bytes: u64, files: u64) {
        let what = tr(match task {
            Task::Hash => M::ProgressHash,
            Task::Write => M::ProgressWrite,
            Task::Import => M::ProgressImport,
        });
        let by_bytes = bytes > 0;
        let counts = if by_bytes {
            "{bytes}/{total_bytes} {bytes_per_sec}"
        } else {
            "{msg}"
        };
        let tail = if by_bytes { " · {msg}" } else { "" };
        let template = format!(
            "{what} {{wide_bar}} {counts}{tail} · {} {{eta_precise}}",
            tr(M::ProgressLeft)
        );
        let style = ProgressStyle::with_template(&template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("█▉▊▋▌▍▎▏ ");
        let bar = ProgressBar::with_draw_target(
            Some(if by_bytes { bytes } else { files }),
            ProgressDrawTarget::stderr(),
        )
        .with_style(style);
        let shown = Shown {
            bar,
            by_bytes,
            bytes: 0,
            files: 0,
            files_total: files,
        };
        shown.say();
        if let Ok(mut s) = self.0.lock() {
            if let Some(old) = s.take() {
                old.bar.finish_and_clear();
            }
            *s = Some(shown);
        }
    }

    fn files(&self, total: u64) {
        if let Ok(mut s) = self.0.lock()
            && let Some(s) = s.as_mut()
        {
            s.files_total = total;
            if !s.by_bytes {
                s.bar.set_length(total);
            }
            s.say();
        }
    }

    fn add(&self, bytes: u64, files: u64) {
        if let Ok(mut s) = self.0.lock()
            && let Some(s) = s.as_mut()
        {
            s.bytes += bytes;
            s.files += files;
            s.bar.inc(if s.by_bytes { bytes } else { files });
            if files > 0 || !s.by_bytes {
                s.say();
            }
        }
    }

    fn end(&self) {
        if let Ok(mut s) = self.0.lock()
            && let Some(old) = s.take()
        {
            // Nothing stays behind: what the command prints follows cleanly.
            old.bar.finish_and_clear();
        }
    }
}
