//! The middleware every request passes: Internet Explorer refusal, security
//! headers, cross-site refusal, page protection, health and 404.

// Test helpers outside #[test] functions fail loudly on purpose.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use axum::body::Body;
use common::{HOSPITAL, PASSWORD, TestApp};
use http::{Request, StatusCode, header};

const IE: &[&str] = &[
    "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1; SV1)",
    "Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.2; Trident/6.0)",
    "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko",
    "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; .NET4.0C; .NET4.0E; rv:11.0) like Gecko",
];

#[tokio::test]
async fn internet_explorer_gets_the_static_refusal_page_everywhere() {
    let app = TestApp::new().await;
    for ua in IE {
        for (method, path) in
            [("GET", "/"), ("GET", "/login"), ("POST", "/login"), ("POST", "/api/session/current"), ("GET", "/nope")]
        {
            let req = Request::builder().method(method).uri(path).header(header::USER_AGENT, *ua);
            let res =
                app.request(req.body(Body::from(format!("login_id={HOSPITAL}&password={PASSWORD}"))).unwrap()).await;
            assert_eq!(res.status, StatusCode::FORBIDDEN, "{ua} {method} {path}");
            assert!(res.body.contains("Internet Explorer ではご利用いただけません"));
            assert!(res.body.contains("Microsoft Edge"));
            assert!(!res.body.contains("<form"), "no login form");
            assert!(!res.body.contains("<script"), "no app script");
            assert!(res.set_cookies().is_empty(), "no session cookie");
        }
    }
    assert!(app.audit_actions().await.is_empty(), "IE never reached the login service");
}

#[tokio::test]
async fn other_clients_are_not_refused() {
    let app = TestApp::new().await;
    for ua in [
        "curl/8.5.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    ] {
        let req = Request::get("/login").header(header::USER_AGENT, ua).body(Body::empty()).unwrap();
        assert_eq!(app.request(req).await.status, StatusCode::OK, "{ua}");
    }
    let bare = Request::get("/healthz").body(Body::empty()).unwrap();
    assert_eq!(app.request(bare).await.body, "ok");
}

#[tokio::test]
async fn html_pages_carry_the_security_headers_and_a_fresh_nonce() {
    let app = TestApp::with_env(&[("GMIS_PUBLIC_URL", "https://gmis.example.go.jp")]).await;
    let a = app.get("/login", None).await;
    let b = app.get("/login", None).await;
    let csp = a.header("content-security-policy").expect("CSP");
    for part in ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "script-src 'self' 'nonce-"] {
        assert!(csp.contains(part), "{part} in {csp}");
    }
    assert!(!csp.contains("unsafe-inline"));
    let nonce = csp.split("'nonce-").nth(1).and_then(|s| s.split('\'').next()).unwrap();
    assert!(a.body.contains(&format!("nonce=\"{nonce}\"")), "scripts carry the header's nonce");
    assert_ne!(Some(csp), b.header("content-security-policy"), "a new nonce per response");
    assert_eq!(a.header("cache-control"), Some("no-store"));
    assert_eq!(a.header("x-content-type-options"), Some("nosniff"));
    assert!(a.header("strict-transport-security").is_some());
    assert!(a.header("referrer-policy").is_some());
    assert!(a.body.contains("<html lang=\"ja\" data-dates=\"western\">"));
}

#[tokio::test]
async fn https_deployments_use_host_prefixed_secure_cookies() {
    let app = TestApp::with_env(&[("GMIS_PUBLIC_URL", "https://gmis.example.go.jp")]).await;
    let res = app.login(HOSPITAL, PASSWORD).await;
    let cookie = res.set_cookies().into_iter().find(|c| c.starts_with("__Host-gmis_session=")).expect("__Host- cookie");
    for flag in ["Path=/", "HttpOnly", "Secure", "SameSite=Lax"] {
        assert!(cookie.contains(flag), "{flag} in {cookie}");
    }
    assert!(!cookie.contains("Domain="));
}

#[tokio::test]
async fn cross_site_posts_are_refused_and_change_nothing() {
    let app = TestApp::new().await;
    let form = format!("login_id={HOSPITAL}&password={PASSWORD}");
    for (name, value) in [("sec-fetch-site", "cross-site"), ("origin", "https://evil.example")] {
        let req = Request::post("/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "127.0.0.1:3000")
            .header(name, value)
            .body(Body::from(form.clone()))
            .unwrap();
        let res = app.request(req).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{name}: {value}");
        assert!(res.session_cookie().is_none());
    }
    let cookie = app.login_cookie(HOSPITAL).await;
    let req = Request::post("/logout")
        .header(header::COOKIE, &cookie)
        .header("sec-fetch-site", "cross-site")
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.request(req).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/", Some(&cookie)).await.status, StatusCode::OK, "still logged in");
    assert_eq!(app.audit_actions().await, ["login.succeeded"]);
}

#[tokio::test]
async fn pages_need_a_session_and_unknown_pages_are_404() {
    let app = TestApp::new().await;
    assert_eq!(app.get("/", None).await.location(), Some("/login"));
    assert_eq!(app.get("/no-such-page", None).await.location(), Some("/login"));
    let cookie = app.login_cookie(HOSPITAL).await;
    let missing = app.get("/no-such-page", Some(&cookie)).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains(app::i18n::t().not_found_title));
    assert_eq!(app.get("/login", Some(&cookie)).await.location(), Some("/"), "logged-in users skip the login page");
}

#[tokio::test]
async fn the_bench_route_exists_only_when_switched_on() {
    let app = TestApp::new().await;
    let off = app.get("/__bench/bare", None).await;
    assert_eq!(off.location(), Some("/login"), "without the switch it is just an unknown page");
    let bench = TestApp::with_env(&[("GMIS_BENCH_ROUTES", "1")]).await;
    assert_eq!(bench.get("/__bench/bare", None).await.body, "ok");
}

#[tokio::test]
async fn built_assets_are_sent_precompressed() {
    let site = std::env::temp_dir().join("gmis-tests").join(format!("site-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    std::fs::write(site.join("pkg/gmis.wasm"), b"raw wasm bytes").unwrap();
    std::fs::write(site.join("pkg/gmis.wasm.br"), b"brotli bytes").unwrap();
    let app = TestApp::with_env(&[("GMIS_SITE_ROOT", site.to_str().unwrap())]).await;
    let req = Request::get("/pkg/gmis.wasm")
        .header(header::ACCEPT_ENCODING, "gzip, deflate, br")
        .body(Body::empty())
        .unwrap();
    let res = app.request(req).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.header("content-encoding"), Some("br"));
    assert_eq!(res.body, "brotli bytes");
    let plain = app.request(Request::get("/pkg/gmis.wasm").body(Body::empty()).unwrap()).await;
    assert_eq!(plain.body, "raw wasm bytes");
    assert_eq!(app.get("/pkg/missing.js", None).await.status, StatusCode::NOT_FOUND);
}

/// A page about something missing answers 404 to a browser too, whose
/// request accepts HTML like a form post without JavaScript does (only a
/// post of such a form is answered with a redirect instead).
#[tokio::test]
async fn a_page_of_something_missing_answers_404_to_a_browser() {
    let app = TestApp::new().await;
    let cookie = app.login_cookie(HOSPITAL).await;
    let req = Request::get("/notices/999999")
        .header(header::USER_AGENT, common::CHROME)
        .header(header::ACCEPT, "text/html,application/xhtml+xml,*/*;q=0.8")
        .header(header::COOKIE, &cookie)
        .body(Body::empty())
        .unwrap();
    let page = app.request(req).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains(app::i18n::t().error_not_found));
}
