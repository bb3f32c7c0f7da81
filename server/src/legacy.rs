//! `gmis legacy import DIR`: the shell side of the migration from the
//! previous system (`app::server::legacy::import`). A progress bar per file
//! with rows/s and ETA on a terminal, a plain line every few seconds
//! otherwise (a log, `nohup`); then the summary table, the paths of the
//! rejected rows and the summary file, and an exit status a script can test.

use app::server::context::AppState;
use app::server::legacy::import::{self, Options, Phase, Progress};
use app::server::legacy::outcome;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The exit status when rows were refused (the others were imported).
pub const EXIT_REJECTED: u8 = 2;

/// A bar per file on a terminal (indicatif, on standard error).
struct Bars {
    bar: Mutex<Option<indicatif::ProgressBar>>,
}

impl Progress for Bars {
    fn start(&self, file: &str, phase: Phase, total: u64) {
        let template = match phase {
            Phase::Check => "{prefix:18} 確認 [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} 残り {eta}",
            Phase::Import => "{prefix:18} 取込 [{bar:30}] {human_pos}/{human_len} 行 {rate} 残り {eta}",
            Phase::Index => "{prefix:18} 索引を作成中 {spinner} {elapsed}",
        };
        let bar = indicatif::ProgressBar::new(total).with_prefix(file.to_owned());
        bar.set_style(
            indicatif::ProgressStyle::with_template(template)
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .with_key("rate", |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0} 行/秒", state.per_sec());
                })
                .progress_chars("=> "),
        );
        if phase == Phase::Index {
            bar.enable_steady_tick(Duration::from_millis(200));
        }
        if let Ok(mut slot) = self.bar.lock() {
            *slot = Some(bar);
        }
    }

    fn set(&self, done: u64) {
        if let Ok(slot) = self.bar.lock()
            && let Some(bar) = slot.as_ref()
        {
            bar.set_position(done);
        }
    }

    fn finish(&self) {
        if let Ok(mut slot) = self.bar.lock()
            && let Some(bar) = slot.take()
        {
            bar.finish();
        }
    }
}

/// Plain lines, at most one every [`Lines::EVERY`], and one at the end of
/// each file.
struct Lines {
    state: Mutex<LineState>,
}

struct LineState {
    file: String,
    phase: Phase,
    total: u64,
    done: u64,
    started: Instant,
    printed: Instant,
}

impl Lines {
    const EVERY: Duration = Duration::from_secs(5);

    fn print(s: &LineState) {
        let secs = s.started.elapsed().as_secs_f64().max(0.001);
        let rate = s.done as f64 / secs;
        let (what, unit) = match s.phase {
            Phase::Check => ("確認", "バイト"),
            Phase::Import => ("取込", "行"),
            Phase::Index => {
                eprintln!("{} 索引: {:.0} 秒で作成", s.file, secs);
                return;
            }
        };
        let eta = if rate > 0.0 && s.total > s.done {
            format!(" 残り約{}秒", ((s.total - s.done) as f64 / rate).ceil())
        } else {
            String::new()
        };
        eprintln!("{} {what}: {}/{} {unit}（{:.0} {unit}/秒）{eta}", s.file, s.done, s.total, rate);
    }
}

impl Progress for Lines {
    fn start(&self, file: &str, phase: Phase, total: u64) {
        if let Ok(mut s) = self.state.lock() {
            let now = Instant::now();
            *s = LineState { file: file.to_owned(), phase, total, done: 0, started: now, printed: now };
            if phase == Phase::Index {
                eprintln!("{file} 索引を作成中…");
            }
        }
    }

    fn set(&self, done: u64) {
        if let Ok(mut s) = self.state.lock() {
            s.done = done;
            if s.printed.elapsed() >= Self::EVERY {
                s.printed = Instant::now();
                Self::print(&s);
            }
        }
    }

    fn finish(&self) {
        if let Ok(s) = self.state.lock() {
            Self::print(&s);
        }
    }
}

/// Where a run's files go unless `--out` says: `data/legacy-import/`, one
/// folder per run named by its Japan time.
fn default_out(now: chrono::DateTime<chrono::Utc>, dry_run: bool) -> PathBuf {
    let local = now.with_timezone(&app::domain::time::jst());
    let mut name = local.format("%Y%m%d-%H%M%S").to_string();
    if dry_run {
        name.push_str("-dry-run");
    }
    Path::new("data").join("legacy-import").join(name)
}

/// Runs the import and prints what it did. Exit status: 0 when every row
/// was taken, [`EXIT_REJECTED`] when some were refused (the rest imported,
/// or checked in a dry run), failure when the run stopped.
pub async fn run(
    state: &AppState,
    public_url: &str,
    dir: &Path,
    dry_run: bool,
    notify: bool,
    out: Option<PathBuf>,
) -> Result<ExitCode, String> {
    let now = state.clock.now();
    let options = Options {
        dry_run,
        notify,
        public_url: public_url.to_owned(),
        out_dir: out.unwrap_or_else(|| default_out(now, dry_run)),
        now,
    };
    let result = if std::io::stderr().is_terminal() {
        let bars = Bars { bar: Mutex::new(None) };
        import::run(&state.db, dir, &options, &bars).await
    } else {
        let start = Instant::now();
        let lines = Lines {
            state: Mutex::new(LineState {
                file: String::new(),
                phase: Phase::Check,
                total: 0,
                done: 0,
                started: start,
                printed: start,
            }),
        };
        import::run(&state.db, dir, &options, &lines).await
    };
    let outcome = result.map_err(|e| e.to_string())?;
    println!();
    print!("{}", outcome::table(&outcome.counts));
    for name in &outcome.not_imported {
        println!("{name}: この版では取り込みません（docs/legacy-export.md）。");
    }
    if notify && outcome.committed {
        println!("パスワード設定の案内（メール・郵送）を用意したアカウント: {} 件", outcome.notified);
    }
    println!("不採用の行: {}", outcome.rejected_path.display());
    println!("集計: {}", outcome.summary_path.display());
    if let Some(first) = outcome.file_errors.first() {
        return Err(format!(
            "{} {}行目: {} 読めないファイルがあるため、何も取り込んでいません。",
            first.file, first.line, first.reason
        ));
    }
    let rejected: u64 = outcome.counts.iter().map(|c| c.rejected).sum();
    if dry_run {
        println!("確認のみ（--dry-run）: 何も取り込んでいません。");
    } else if let Some(run) = outcome.run_id {
        println!("取り込みました（移行実行 #{run}）。");
    }
    if rejected > 0 {
        println!("{rejected} 行を取り込めませんでした。理由は上のファイルにあります。直して再実行できます。");
        return Ok(ExitCode::from(EXIT_REJECTED));
    }
    Ok(ExitCode::SUCCESS)
}
