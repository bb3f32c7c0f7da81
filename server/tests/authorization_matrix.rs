//! Every registered server function, called as a visitor and as every demo
//! role, answers as this table documents. A new server function that is not
//! in the table fails this test until its access rule is written down here.

mod common;

use app::domain::roles::Role;
use common::TestApp;
use http::StatusCode;

/// Who may call a server function.
#[derive(Clone, Copy, Debug)]
enum Access {
    /// Visitors too (the answer says whether anyone is logged in).
    Anyone,
    /// Only these roles; others get 403, visitors 401.
    Roles(&'static [Role]),
}

/// Path, a valid form body, and who may call it.
const MATRIX: &[(&str, &str, Access)] = &[
    ("/api/session/current", "", Access::Anyone),
    // Anyone holding a mailed link; an unknown token answers `None`.
    ("/api/password/link", "token=unknown", Access::Anyone),
    ("/api/letters/queue", "", Access::Roles(&[Role::MinistryAdmin])),
    ("/api/letters/printed", "ids[0]=1", Access::Roles(&[Role::MinistryAdmin])),
];

#[tokio::test]
async fn every_server_function_answers_every_role_as_documented() {
    let app = TestApp::new().await;
    let registered: Vec<&str> = leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path).collect();
    for path in &registered {
        assert!(MATRIX.iter().any(|(p, _, _)| p == path), "{path} has no row in the authorization matrix");
    }
    for (path, body, access) in MATRIX {
        assert!(registered.contains(path), "{path} is documented but not registered");
        let visitor = app.post_form(path, body, None).await.status;
        let expected = match access {
            Access::Anyone => StatusCode::OK,
            Access::Roles(_) => StatusCode::UNAUTHORIZED,
        };
        assert_eq!(visitor, expected, "visitor calling {path}");
        for demo in app::server::seed::DEMO_ACCOUNTS {
            let cookie = app.login_cookie(demo.login_id).await;
            let status = app.post_form(path, body, Some(&cookie)).await.status;
            let expected = match access {
                Access::Anyone => StatusCode::OK,
                Access::Roles(roles) if roles.contains(&demo.role) => StatusCode::OK,
                Access::Roles(_) => StatusCode::FORBIDDEN,
            };
            assert_eq!(status, expected, "{} ({:?}) calling {path}", demo.login_id, demo.role);
        }
    }
}
