//! The generator's progress bar: one bar per phase, on standard error when it is a
//! terminal, and a line per finished phase otherwise (so logs of scripted runs say how
//! long each phase took).

use std::cell::RefCell;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

pub struct Progress {
    visible: bool,
    current: RefCell<Option<(ProgressBar, String, Instant)>>,
}

impl Progress {
    /// Shows progress on standard error.
    pub fn stderr() -> Self {
        Self {
            visible: true,
            current: RefCell::new(None),
        }
    }

    /// Shows nothing (benches and tests).
    pub fn hidden() -> Self {
        Self {
            visible: false,
            current: RefCell::new(None),
        }
    }

    pub fn phase(&self, name: &str, total: u64) {
        self.done();
        let bar = if self.visible {
            ProgressBar::new(total)
        } else {
            ProgressBar::hidden()
        };
        bar.set_style(
            ProgressStyle::with_template("{msg:24} [{bar:40}] {pos:>9}/{len:9} {elapsed_precise}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_message(name.to_string());
        *self.current.borrow_mut() = Some((bar, name.to_string(), Instant::now()));
    }

    pub fn advance(&self, n: u64) {
        if let Some((bar, _, _)) = self.current.borrow().as_ref() {
            bar.inc(n);
        }
    }

    /// Ends the current phase, if any.
    pub fn done(&self) {
        if let Some((bar, name, started)) = self.current.borrow_mut().take() {
            bar.finish_and_clear();
            if self.visible {
                eprintln!(
                    "{name}: {} 行，{:.1} 秒",
                    bar.position(),
                    started.elapsed().as_secs_f64()
                );
            }
        }
    }
}
