//! `GET /admin/audit.csv`: the audit trail of the viewer's filters as CSV
//! (UTF-8 with BOM), streamed as the service reads it. The service checks
//! the role, scopes the entries, validates the filters and records the
//! download; refused filters get a page with the Japanese messages and a
//! way back to the viewer, and nothing is recorded.

use crate::WebState;
use crate::web::client_ip::ClientIp;
use crate::web::session::SignedIn;
use app::domain::audit_trail::AuditFilter;
use app::domain::error::AppError;
use app::domain::html::escape;
use app::server::audit_trail;
use axum::Extension;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

pub async fn download(
    State(state): State<WebState>,
    SignedIn(current): SignedIn,
    client: Option<Extension<ClientIp>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let filter = AuditFilter::from_query(|k| q.get(k).cloned());
    let ip = client.map(|Extension(ClientIp(ip))| ip.to_string());
    // Audit rows are on the wall clock, so the file is named by it too.
    match audit_trail::start_csv(&state.app.db, &current.actor, filter.clone(), ip, chrono::Utc::now()).await {
        Ok(prepared) => {
            let stream = tokio_stream::wrappers::ReceiverStream::new(prepared.body);
            (
                [
                    (http::header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                    (http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", prepared.file_name)),
                    (http::header::CACHE_CONTROL, "no-store".to_owned()),
                ],
                Body::from_stream(stream),
            )
                .into_response()
        }
        Err(AppError::Validation(errors)) => {
            let a = app::i18n::t().audit();
            let items: String = errors.values().map(|m| format!("<li>{}</li>", escape(m))).collect();
            let back = filter.first_page().href(app::api::audit_trail::PAGE_PATH, None);
            let main = format!(
                r#"<div class="when"><p>{}</p><ul>{items}</ul></div><p><a class="button" href="{}">{}</a></p>"#,
                escape(a.fix_filters),
                escape(&back),
                escape(a.title),
            );
            let mut res = (http::StatusCode::BAD_REQUEST, super::static_page(a.title, &main)).into_response();
            res.headers_mut()
                .insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("text/html; charset=utf-8"));
            super::static_page_headers(res.headers_mut());
            res
        }
        Err(e) => e.into_response(),
    }
}
