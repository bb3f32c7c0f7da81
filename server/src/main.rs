//! `gmis`: the G-MIS server and its administration commands.

use app::server::{accounts, seed};
use clap::{Parser, Subcommand};
use server::config::Config;
use server::{StartError, WebState, web};
use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

/// mimalloc instead of glibc's malloc: per-thread heaps without the arena
/// locks that the server's tokio and SQLite threads contended on.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// 医療機関等情報支援システム（G-MIS）
#[derive(Parser)]
#[command(name = "gmis", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run pending migrations, then serve HTTP (the default).
    Serve,
    /// Run pending database migrations and exit.
    Migrate,
    /// Insert demo prefectures, facilities and one account per role (idempotent).
    SeedDemo,
    /// Account administration from the shell.
    #[command(subcommand)]
    Accounts(AccountsCommand),
    /// Survey definitions (versions of the report forms).
    #[command(subcommand)]
    Surveys(SurveysCommand),
    /// Scheduled maintenance windows (every instance closes during one).
    #[command(subcommand)]
    Maintenance(MaintenanceCommand),
    /// API tokens for other systems (`/api/v1`).
    #[command(subcommand)]
    ApiTokens(ApiTokensCommand),
    /// Moving in from the previous system (its CSV export; docs/legacy-export.md).
    #[command(subcommand)]
    Legacy(LegacyCommand),
    /// The audit log (its hash chain).
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Create a ministry administrator; the password is read from standard input.
    CreateAdmin {
        /// The new administrator's login ID.
        #[arg(long)]
        login_id: String,
        /// The name shown for this administrator.
        #[arg(long, default_value = "厚生労働省 管理者")]
        name: String,
    },
}

#[derive(Subcommand)]
enum AccountsCommand {
    /// Register accounts from a CSV file (UTF-8 or Shift_JIS; format in README).
    /// All rows are written or none; existing rows are reported and skipped.
    Import {
        /// The CSV file.
        file: std::path::PathBuf,
        /// Check every row and show what would happen, writing nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Walk the audit log in id order and check every row's hash link.
    /// Prints the number of rows verified (exit status 0) or the first
    /// broken link, its id and what is wrong (exit status 1).
    Verify,
}

#[derive(Subcommand)]
enum LegacyCommand {
    /// Import the export in DIR (facilities.csv, memberships.csv): check every
    /// row, write the rejected rows, then import. Safe to run again: rows
    /// already imported are left alone, changed rows are updated (audited).
    /// Exit status 2 when rows were refused (the others are imported).
    Import {
        /// The folder of the previous system's CSV files.
        dir: std::path::PathBuf,
        /// Check everything and write the rejected rows and summary; import nothing.
        #[arg(long)]
        dry_run: bool,
        /// Queue the password-setting mail (and letter) for each migrated
        /// account that has not been sent one yet.
        #[arg(long)]
        notify: bool,
        /// Where to write rejected.csv and summary.txt (default:
        /// data/legacy-import/<time of the run>).
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
}

#[derive(Subcommand)]
enum ApiTokensCommand {
    /// Issue a token to an account and print it (shown this once only).
    Issue {
        /// The login ID of the account the token acts as.
        #[arg(long)]
        login_id: String,
        /// What the token is for (shown in the list).
        #[arg(long)]
        name: String,
        /// A scope: report:write, data:read or webhooks (repeat for several).
        #[arg(long = "scope", required = true)]
        scopes: Vec<String>,
        /// Days until it expires (1–366).
        #[arg(long, default_value_t = 90)]
        days: i64,
        /// The ministry administrator issuing it (default: the first one).
        #[arg(long)]
        by: Option<String>,
    },
}

#[derive(Subcommand)]
enum SurveysCommand {
    /// Install a new survey version from a JSON file (format: surveys/*.json).
    /// Versions are immutable; the version applies from its effective_from day.
    Add {
        /// The definition file.
        file: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
enum MaintenanceCommand {
    /// Schedule a window. Overlapping or past windows are refused.
    Add {
        /// When it starts, RFC 3339 (e.g. 2027-01-15T17:30:00+09:00).
        #[arg(long)]
        start: String,
        /// When the system opens again, RFC 3339.
        #[arg(long)]
        end: String,
        /// The message users see on the banner and the maintenance page.
        #[arg(long)]
        message: String,
    },
    /// List the windows in force or to come.
    List,
    /// End the window in force now (the system reopens within seconds).
    End,
}

fn main() -> ExitCode {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    // The log goes to standard error: standard output is the commands'
    // answer (an API token, a report) that scripts read.
    // `GMIS_LOG_FORMAT=json`: one JSON object a line, for a log collector.
    let log = tracing_subscriber::fmt().with_writer(std::io::stderr).with_env_filter(filter);
    match std::env::var("GMIS_LOG_FORMAT").unwrap_or_default().as_str() {
        "" | "text" => log.with_ansi(std::io::stderr().is_terminal()).init(),
        "json" => log.json().init(),
        other => {
            eprintln!("gmis: 設定 GMIS_LOG_FORMAT が不正です (text / json): {other}");
            return ExitCode::FAILURE;
        }
    }
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("gmis: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command.unwrap_or(Command::Serve))) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("gmis: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> Result<ExitCode, StartError> {
    let mut config = Config::from_env().map_err(|e| StartError::new("config", e))?;
    if let Command::Legacy(_) = command {
        // The import works one statement at a time: one connection keeps
        // SQLite's page cache warm from batch to batch (a pooled connection
        // drops its cache whenever another one wrote) and holds one cache,
        // not eight (docs/benchmarks.md, issue 17). Its bulk inserts of
        // every row count compile to statements of several hundred kilobytes
        // each: it keeps the few it repeats, not a hundred of them (40 MB).
        // On PostgreSQL the look-ups of a re-run's rows go two at a time
        // (`legacy::import::classes_of`), beside the one that writes.
        let sqlite = config.database_url.starts_with("sqlite:");
        config.db_pool.size = Some(if sqlite { 1 } else { 3 });
        config.db_pool.statements = Some(16);
    }
    let state = server::start(&config).await?;
    if let Command::Legacy(LegacyCommand::Import { dir, dry_run, notify, out }) = command {
        return server::legacy::run(&state, &config.public_url, &dir, dry_run, notify, out)
            .await
            .map_err(|e| StartError::new("legacy import", e));
    }
    if let Command::Audit(AuditCommand::Verify) = command {
        let report = app::server::audit::verify(&state.db).await.map_err(|e| StartError::new("audit verify", e))?;
        return Ok(match report {
            app::server::audit::ChainReport::Intact { rows } => {
                println!("audit log intact: {rows} rows verified");
                ExitCode::SUCCESS
            }
            app::server::audit::ChainReport::Broken { id, problem, verified } => {
                println!("audit log broken at id {id}: {problem} ({verified} rows before it verified)");
                ExitCode::FAILURE
            }
        });
    }
    run_command(command, config, state).await.map(|()| ExitCode::SUCCESS)
}

async fn run_command(
    command: Command,
    config: Config,
    state: app::server::context::AppState,
) -> Result<(), StartError> {
    match command {
        Command::Migrate => {
            println!("migrations applied");
            Ok(())
        }
        Command::SeedDemo => {
            let inserted = seed::seed_demo(&state.db, &state.passwords, state.clock.now())
                .await
                .map_err(|e| StartError::new("seed-demo", e.message()))?;
            println!("{}", if inserted { "demo data inserted" } else { "demo data already present" });
            let windows =
                state.maintenance.windows(&state.db).await.map_err(|e| StartError::new("seed-demo", e.message()))?;
            let now = state.clock.now();
            let grace = app::domain::maintenance::graces(&windows, state.periods.back_entry_days, now);
            let history = app::server::demo_history::seed_history(&state.db, state.periods, &grace, now)
                .await
                .map_err(|e| StartError::new("seed-demo", e.message()))?;
            if history {
                println!("28 days of demo reports inserted for the demo area");
            }
            println!("demo logins (password for all: {})", seed::DEMO_PASSWORD);
            let t = app::i18n::t();
            for a in seed::DEMO_ACCOUNTS {
                println!("  {}  {}  {}", a.login_id, t.role(a.role), a.name);
            }
            Ok(())
        }
        Command::CreateAdmin { login_id, name } => {
            let password = read_password().map_err(|e| StartError::new("create-admin", e))?;
            match accounts::create_admin(&state.db, &state.passwords, &login_id, &name, password).await {
                Ok(id) => {
                    println!("created ministry administrator {login_id} (user {id})");
                    Ok(())
                }
                Err(app::domain::error::AppError::Validation(fields)) => {
                    Err(StartError::new("create-admin", fields.into_values().collect::<Vec<_>>().join(" ")))
                }
                Err(e) => Err(StartError::new("create-admin", e.message())),
            }
        }
        Command::Accounts(AccountsCommand::Import { file, dry_run }) => {
            import_accounts(&state, &config, &file, dry_run).await
        }
        Command::Surveys(SurveysCommand::Add { file }) => add_survey(&state, &file).await,
        Command::Maintenance(command) => maintenance(&state, command).await,
        Command::ApiTokens(ApiTokensCommand::Issue { login_id, name, scopes, days, by }) => {
            issue_token(&state, login_id, name, &scopes, days, by.as_deref()).await
        }
        Command::Serve => serve(config, state).await,
        // Answered by `run` above (it has an exit status of its own).
        Command::Legacy(_) | Command::Audit(_) => Ok(()),
    }
}

/// `gmis api-tokens issue`: prints the new token alone on standard output.
async fn issue_token(
    state: &app::server::context::AppState,
    login_id: String,
    name: String,
    scopes: &[String],
    days: i64,
    by: Option<&str>,
) -> Result<(), StartError> {
    use app::domain::api_tokens::{ApiScope, NewToken};
    let scopes = scopes
        .iter()
        .map(|s| ApiScope::from_code(s).ok_or_else(|| StartError::new("--scope", format!("不明な操作です: {s}"))))
        .collect::<Result<Vec<_>, _>>()?;
    let input = NewToken { login_id, name, scopes, days };
    match app::server::api_tokens::issue_from_shell(&state.db, by, input, state.clock.now()).await {
        Ok(issued) => {
            eprintln!("issued API token {} ({}) to {}", issued.row.id, issued.row.prefix, issued.row.login_id);
            println!("{}", issued.token);
            Ok(())
        }
        Err(app::domain::error::AppError::Validation(fields)) => {
            Err(StartError::new("api-tokens issue", fields.into_values().collect::<Vec<_>>().join(" ")))
        }
        Err(app::domain::error::AppError::NotFound) => {
            Err(StartError::new("api-tokens issue", "厚生労働省の管理者アカウントがありません（--by を確認）"))
        }
        Err(e) => Err(StartError::new("api-tokens issue", e.message())),
    }
}

/// `gmis maintenance`: schedule, list or end maintenance windows.
async fn maintenance(state: &app::server::context::AppState, command: MaintenanceCommand) -> Result<(), StartError> {
    use app::server::maintenance as m;
    let now = state.clock.now();
    let fail = |e: app::domain::error::AppError| match e {
        app::domain::error::AppError::Validation(fields) => {
            StartError::new("maintenance", fields.into_values().collect::<Vec<_>>().join(" "))
        }
        other => StartError::new("maintenance", other.message()),
    };
    match command {
        MaintenanceCommand::Add { start, end, message } => {
            let parse = |name: &'static str, text: &str| {
                chrono::DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&chrono::Utc)).map_err(|_| {
                    StartError::new(
                        name,
                        format!("RFC 3339 の日時を指定してください（例: 2027-01-15T17:30:00+09:00）: {text}"),
                    )
                })
            };
            let window = m::save_from_shell(state, parse("--start", &start)?, parse("--end", &end)?, &message, now)
                .await
                .map_err(fail)?;
            println!("scheduled maintenance {}: {}", window.id, window.range_text());
        }
        MaintenanceCommand::List => {
            let windows = m::list_for_shell(state, now).await.map_err(fail)?;
            if windows.is_empty() {
                println!("no maintenance scheduled");
            }
            for w in windows {
                let status = if w.contains(now) { "in force" } else { "scheduled" };
                println!("{:>4}  {}  {status}  {}", w.id, w.range_text(), w.message);
            }
        }
        MaintenanceCommand::End => match m::end_now(state, now).await.map_err(fail)? {
            Some(w) => println!("ended maintenance {}: {}", w.id, w.range_text()),
            None => println!("no maintenance in force"),
        },
    }
    Ok(())
}

async fn add_survey(state: &app::server::context::AppState, file: &std::path::Path) -> Result<(), StartError> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| StartError::new("surveys add", format!("{}: {e}", file.display())))?;
    let definition: app::domain::surveys::SurveyDefinition = serde_json::from_str(&text)
        .map_err(|e| StartError::new("surveys add", format!("JSON の形式が不正です: {e}")))?;
    let new =
        app::server::reports::install(&state.db, &definition).await.map_err(|e| StartError::new("surveys add", e))?;
    let (survey, version, from) = (definition.survey.code(), definition.version, definition.effective_from);
    if new {
        println!("{survey} 第{version}版を登録しました（{from} から適用）。");
    } else {
        println!("{survey} 第{version}版は同じ内容で登録済みです。変更はありません。");
    }
    Ok(())
}

/// `gmis accounts import`: a progress bar on the terminal, one line per row,
/// a summary, and a failing exit status when rows were refused.
async fn import_accounts(
    state: &app::server::context::AppState,
    config: &Config,
    file: &std::path::Path,
    dry_run: bool,
) -> Result<(), StartError> {
    use app::server::registration::{Importer, RowOutcome, import, parse_csv};
    let bytes =
        std::fs::read(file).map_err(|e| StartError::new("accounts import", format!("{}: {e}", file.display())))?;
    let rows = parse_csv(&bytes).map_err(|e| StartError::new("accounts import", e))?;
    let bar = indicatif::ProgressBar::new(rows.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} 行 {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let progress = {
        let bar = bar.clone();
        move |done: usize| bar.set_position(done as u64)
    };
    let report = import(&state.db, &Importer::Operator, &rows, &config.public_url, dry_run, &progress)
        .await
        .map_err(|e| StartError::new("accounts import", e.message()))?;
    bar.finish_and_clear();
    for (line, outcome) in &report.rows {
        match outcome {
            RowOutcome::Created { login_id, mailed, letter } => println!(
                "{line:>5}行目  発行  {login_id}{}{}",
                if *mailed { "  メール送信" } else { "" },
                if *letter { "  郵送" } else { "" }
            ),
            RowOutcome::Exists(why) => println!("{line:>5}行目  登録済み  {why}"),
            RowOutcome::Invalid(fields) => {
                for (field, msg) in fields {
                    println!("{line:>5}行目  エラー  {field}: {msg}");
                }
            }
        }
    }
    let created = report.count(|o| matches!(o, RowOutcome::Created { .. }));
    let exists = report.count(|o| matches!(o, RowOutcome::Exists(_)));
    let invalid = report.count(|o| matches!(o, RowOutcome::Invalid(_)));
    println!("発行 {created} 件 / 登録済み {exists} 件 / エラー {invalid} 件");
    if invalid > 0 {
        return Err(StartError::new("accounts import", "エラーのある行があるため、何も登録していません。"));
    }
    println!(
        "{}",
        if report.committed {
            "登録しました。"
        } else {
            "確認のみ（--dry-run）: 何も登録していません。"
        }
    );
    Ok(())
}

/// The password from standard input: prompted without echo on a terminal,
/// otherwise the first line (for scripts).
fn read_password() -> std::io::Result<String> {
    if std::io::stdin().is_terminal() {
        rpassword::prompt_password("パスワード（15文字以上）: ")
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_owned())
    }
}

async fn serve(config: Config, app: app::server::context::AppState) -> Result<(), StartError> {
    let listen = config.listen;
    let mailer = config.mailer().map_err(|e| StartError::new("mail", e))?;
    let (stop_jobs, stop) = app::server::jobs::StopSwitch::new();
    let secs = std::time::Duration::from_secs;
    let mut jobs = vec![
        tokio::spawn(app::server::mail::run_worker(app.db.clone(), mailer, secs(5), stop.clone())),
        tokio::spawn(app::server::area::reminders::run_worker(app.clone(), secs(60), stop.clone())),
        tokio::spawn(app::server::webhooks::run_worker(app.db.clone(), app.clock.clone(), secs(2), stop.clone())),
        tokio::spawn(app::server::notice_mail::run_worker(app.clone(), stop.clone())),
    ];
    if config.helpdesk_digest_minutes > 0 {
        let every = chrono::Duration::minutes(i64::from(config.helpdesk_digest_minutes));
        jobs.push(tokio::spawn(app::server::inquiry_digest::run_worker(app.clone(), every, stop)));
    }
    let limits = config.connections;
    let drain = secs(config.drain_secs);
    let metrics_listen = config.metrics_listen;
    let state = WebState::new(app, config);
    let draining = state.draining.clone();
    let router = web::router(state.clone());
    let listener = tokio::net::TcpListener::bind(listen).await.map_err(|e| StartError::new("listen", e))?;
    // The metrics listener serves until the main one has finished, so that
    // Prometheus sees the drain too.
    let (stop_metrics, metrics_stopped) = tokio::sync::oneshot::channel::<()>();
    let metrics = match metrics_listen {
        None => None,
        Some(addr) => {
            let listener =
                tokio::net::TcpListener::bind(addr).await.map_err(|e| StartError::new("metrics listen", e))?;
            tracing::info!(listen = %addr, "Prometheus metrics are served at /metrics");
            let limits = server::listener::ConnectionLimits { max_connections: 16, ..limits };
            let stopped = async move {
                let _ = metrics_stopped.await;
            };
            Some(tokio::spawn(server::listener::serve(listener, server::metrics::router(state), limits, stopped)))
        }
    };
    tracing::info!(%listen, "G-MIS is serving");
    let shutdown = async move {
        shutdown_signal().await;
        draining.store(true, std::sync::atomic::Ordering::Relaxed);
        tracing::info!(?drain, "stopping: /readyz answers 503 while the load balancer takes this instance out");
        tokio::time::sleep(drain).await;
    };
    server::listener::serve(listener, router, limits, shutdown).await;
    let _ = stop_metrics.send(());
    if let Some(metrics) = metrics {
        let _ = metrics.await;
    }
    // The background jobs finish the pass they are in (what they claimed).
    stop_jobs.stop();
    let finished = tokio::time::timeout(limits.shutdown_grace, async {
        for job in jobs {
            let _ = job.await;
        }
    });
    if finished.await.is_err() {
        tracing::warn!("background jobs still running after the shutdown grace period were stopped");
    }
    Ok(())
}

/// Ctrl-C or SIGTERM: stop accepting, finish in-flight requests, exit.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
}
