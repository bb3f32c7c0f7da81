//! `TestApp`: the real router on a fresh database with the real migrations
//! and the demo data — SQLite in a temporary file, or a new PostgreSQL
//! database when `TEST_DATABASE_URL` names a PostgreSQL server.

#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use app::server::context::AppState;
use app::server::seed;
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use http::{HeaderMap, Method, Request, Response, StatusCode, header};
use http_body_util::BodyExt;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use server::config::Config;
use server::{WebState, web};
use std::collections::HashMap;
use std::net::SocketAddr;
use tower::ServiceExt;

pub const PASSWORD: &str = seed::DEMO_PASSWORD;
/// What a browser accepts when it posts a form itself.
const BROWSER_ACCEPT: &str = "text/html,application/xhtml+xml,*/*;q=0.8";

/// Where every test's clock starts: a working Wednesday, 10:00 in Japan, well
/// inside the shipped holiday calendar. Tests take their dates from
/// [`TestApp::now`] / [`TestApp::today`] and move the clock themselves, so the
/// suite passes whatever day it runs.
pub fn test_start() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-12-02T10:00:00+09:00").expect("instant").to_utc()
}
pub const HOSPITAL: &str = "DEMHSP22";

pub struct TestApp {
    pub router: Router,
    pub db: DatabaseConnection,
    pub state: WebState,
}

/// A fresh, migrated, seeded database URL for one test.
async fn fresh_database_url() -> String {
    let name = format!("gmis_t_{}", uuid::Uuid::new_v4().simple());
    match std::env::var("TEST_DATABASE_URL") {
        Ok(admin) if admin.starts_with("postgres") => {
            let conn = sea_orm::Database::connect(admin.as_str()).await.expect("connect to TEST_DATABASE_URL");
            conn.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create test database");
            conn.close().await.expect("close admin connection");
            let base = admin.rsplit_once('/').map(|(b, _)| b).expect("URL with a database");
            format!("{base}/{name}")
        }
        _ => {
            let dir = std::env::temp_dir().join("gmis-tests");
            std::fs::create_dir_all(&dir).expect("temp dir");
            format!("sqlite://{}", dir.join(format!("{name}.db")).display())
        }
    }
}

impl TestApp {
    pub async fn new() -> Self {
        Self::with_env(&[]).await
    }

    /// With extra configuration variables (e.g. an https public URL).
    pub async fn with_env(vars: &[(&str, &str)]) -> Self {
        let mut map: HashMap<String, String> = vars.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect();
        map.insert("DATABASE_URL".into(), fresh_database_url().await);
        map.entry("GMIS_HASH_CONCURRENCY".into()).or_insert_with(|| "2".into());
        let config = Config::from_lookup(|k| map.get(k).cloned()).expect("config");
        let app: AppState = server::start(&config).await.expect("start");
        app.clock.set(test_start());
        seed::seed_demo(&app.db, &app.passwords, app.clock.now()).await.expect("seed");
        let state = WebState::new(app.clone(), config);
        Self { router: web::router(state.clone()), db: app.db.clone(), state }
    }

    /// A second instance of the server on this app's database, as when
    /// several `gmis serve` share one PostgreSQL: its own caches and clock
    /// (set to this app's now), the same sessions.
    pub async fn another_instance(&self) -> TestApp {
        let config = Config::clone(&self.state.config);
        let app: AppState = server::start(&config).await.expect("start");
        app.clock.set(self.now());
        let state = WebState::new(app.clone(), config);
        Self { router: web::router(state.clone()), db: app.db.clone(), state }
    }

    /// The services' clock (set to [`test_start`] for each new app).
    pub fn clock(&self) -> &app::server::clock::Clock {
        &self.state.app.clock
    }

    /// Now, on the services' clock.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock().now()
    }

    /// Today in Japan, on the services' clock.
    pub fn today(&self) -> chrono::NaiveDate {
        app::domain::time::japan_date(self.now())
    }

    /// Puts the clock on `hh:mm:ss` Japan time of `day`, and drops the cached
    /// maintenance windows so that the next request sees the new time.
    pub fn set_japan_time(&self, day: chrono::NaiveDate, hms: (u32, u32, u32)) {
        let local = day.and_hms_opt(hms.0, hms.1, hms.2).expect("time of day");
        let at = local.and_local_timezone(app::domain::time::jst()).single().expect("fixed offset").to_utc();
        self.clock().set(at);
        self.state.app.maintenance.invalidate();
    }

    /// Sends `req` through the router as if from 127.0.0.1 (unless the
    /// request names its own peer with [`from_peer`]).
    pub async fn request(&self, mut req: Request<Body>) -> TestResponse {
        if req.extensions().get::<ConnectInfo<SocketAddr>>().is_none() {
            req.extensions_mut().insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))));
        }
        let res = self.router.clone().oneshot(req).await.expect("infallible");
        TestResponse::read(res).await
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> TestResponse {
        let mut req = Request::get(path).header(header::USER_AGENT, CHROME);
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.request(req.body(Body::empty()).expect("request")).await
    }

    /// A same-origin form post, as a browser sends it.
    pub async fn post_form(&self, path: &str, form: &str, cookie: Option<&str>) -> TestResponse {
        self.post_form_accepting(path, form, cookie, "*/*", None).await
    }

    /// A form posted to a server function by the browser itself (JavaScript
    /// off): it accepts HTML.
    pub async fn post_form_as_browser(&self, path: &str, form: &str, cookie: Option<&str>) -> TestResponse {
        self.post_form_accepting(path, form, cookie, BROWSER_ACCEPT, None).await
    }

    /// As [`Self::post_form_as_browser`], from the page at `referer` (where
    /// the browser is sent back to).
    pub async fn post_form_from_page(&self, referer: &str, path: &str, form: &str, cookie: &str) -> TestResponse {
        let referer = format!("http://localhost{referer}");
        self.post_form_accepting(path, form, Some(cookie), BROWSER_ACCEPT, Some(&referer)).await
    }

    async fn post_form_accepting(
        &self,
        path: &str,
        form: &str,
        cookie: Option<&str>,
        accept: &str,
        referer: Option<&str>,
    ) -> TestResponse {
        let mut req = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::USER_AGENT, CHROME)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, accept)
            .header("sec-fetch-site", "same-origin");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        if let Some(r) = referer {
            req = req.header(header::REFERER, r);
        }
        self.request(req.body(Body::from(form.to_owned())).expect("request")).await
    }

    /// A same-origin JSON post (server functions with JSON input).
    pub async fn post_json(&self, path: &str, body: &serde_json::Value, cookie: Option<&str>) -> TestResponse {
        let mut req = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::USER_AGENT, CHROME)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json")
            .header("sec-fetch-site", "same-origin");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.request(req.body(Body::from(body.to_string())).expect("request")).await
    }

    /// A same-origin multipart upload of `csv` as the `file` field, with the
    /// `dry_run` box ticked when asked — as the upload page sends it.
    pub async fn post_csv(&self, path: &str, csv: &[u8], dry_run: bool, cookie: Option<&str>) -> TestResponse {
        let fields: &[(&str, &str)] = if dry_run { &[("dry_run", "on")] } else { &[] };
        self.post_multipart(path, fields, Some(("a.csv", csv)), cookie).await
    }

    /// Posts a multipart form: text `fields`, then `file` (name, content) as
    /// the `file` field.
    pub async fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &[u8])>,
        cookie: Option<&str>,
    ) -> TestResponse {
        self.post_multipart_accepting(path, fields, file, cookie, "application/json").await
    }

    /// A multipart form as a browser posts it by itself (JavaScript off):
    /// it accepts HTML.
    pub async fn post_multipart_as_browser(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &[u8])>,
        cookie: Option<&str>,
    ) -> TestResponse {
        self.post_multipart_accepting(path, fields, file, cookie, "text/html,application/xhtml+xml,*/*;q=0.8").await
    }

    async fn post_multipart_accepting(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &[u8])>,
        cookie: Option<&str>,
        accept: &str,
    ) -> TestResponse {
        let boundary = "gmis-test-boundary-7d1f";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        if let Some((filename, bytes)) = file {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let mut req = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::USER_AGENT, CHROME)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .header(header::ACCEPT, accept)
            .header("sec-fetch-site", "same-origin");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.request(req.body(Body::from(body)).expect("request")).await
    }

    pub async fn login(&self, login_id: &str, password: &str) -> TestResponse {
        self.post_form("/login", &format!("login_id={login_id}&password={password}"), None).await
    }

    /// Logs in and returns the `name=value` cookie to send back.
    pub async fn login_cookie(&self, login_id: &str) -> String {
        let res = self.login(login_id, PASSWORD).await;
        assert_eq!(res.location(), Some("/"), "login of {login_id} must succeed");
        res.session_cookie().expect("session cookie")
    }

    /// Opens an inquiry with `subject` as the user of `cookie`; its id.
    pub async fn open_inquiry(&self, cookie: &str, subject: &str) -> i32 {
        let fields = [("category", "login"), ("subject", subject), ("body", "本文です。"), ("page", "/reports")];
        let res = self.post_multipart("/api/inquiries/open", &fields, None, Some(cookie)).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        res.body.parse().expect("inquiry id")
    }

    /// An SOS request for facility `unit` in the batch open now; its id.
    pub async fn sos_request(&self, cookie: &str, unit: i32) -> i32 {
        let batch = self.state.app.supplies.batch_for(self.now()).date;
        let body = serde_json::json!({ "input": {
            "unit": { "Facility": unit }, "submission_id": uuid::Uuid::new_v4().to_string(),
            "lines": { "n95_mask": { "quantity": "200", "days_of_stock": "3" } },
            "reason": "N95マスクが3日分しかありません。", "expected_batch": batch,
        }});
        let res = self.post_json("/api/supplies/sos_create", &body, Some(cookie)).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let outcome: serde_json::Value = serde_json::from_str(&res.body).expect("json");
        outcome["Created"]["id"].as_i64().expect("created") as i32
    }

    pub async fn audit_actions(&self) -> Vec<String> {
        use sea_orm::{EntityTrait, QueryOrder};
        app::server::entities::audit_log::Entity::find()
            .order_by_asc(app::server::entities::audit_log::Column::Id)
            .all(&self.db)
            .await
            .expect("audit rows")
            .into_iter()
            .map(|r| r.action)
            .collect()
    }
}

/// `req` as if it came from a TCP peer at `ip`.
pub fn from_peer(mut req: Request<Body>, ip: [u8; 4]) -> Request<Body> {
    req.extensions_mut().insert(ConnectInfo(SocketAddr::from((ip, 40000))));
    req
}

pub const CHROME: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    /// The body as received (downloads in Shift_JIS or XLSX).
    pub bytes: Vec<u8>,
}

impl TestResponse {
    async fn read(res: Response<Body>) -> Self {
        let (parts, body) = res.into_parts();
        let bytes = body.collect().await.expect("body").to_bytes();
        let body = String::from_utf8_lossy(&bytes).into_owned();
        Self { status: parts.status, headers: parts.headers, body, bytes: bytes.to_vec() }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn location(&self) -> Option<&str> {
        self.header("location")
    }

    pub fn set_cookies(&self) -> Vec<&str> {
        self.headers.get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).collect()
    }

    /// The session cookie set by this response as `name=value`, if it set a
    /// non-empty one.
    pub fn session_cookie(&self) -> Option<String> {
        self.set_cookies()
            .into_iter()
            .filter_map(|c| c.split(';').next())
            .find(|nv| nv.contains("gmis_session=") && !nv.ends_with('='))
            .map(str::to_owned)
    }
}

/// A real SMTP server (aiosmtpd) writing into a Maildir, stopped on drop.
pub struct SmtpServer(std::process::Child);

impl SmtpServer {
    pub fn start(port: u16, maildir: &std::path::Path) -> Self {
        let python = std::env::var("GMIS_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
        let mut child = std::process::Command::new(python)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("python3 with aiosmtpd (scripts/test.sh installs it)");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Self(child);
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("aiosmtpd did not start");
    }

    /// The messages that reached `maildir`, as text.
    pub fn received(maildir: &std::path::Path) -> Vec<String> {
        std::fs::read_dir(maildir.join("new"))
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
