//! `GET /supplies/review.csv`: a reviewer's batch of SOS requests as CSV
//! (UTF-8 with BOM; `encoding=sjis` for Shift_JIS), with the same filters as
//! the review page. The service checks the role and scope and logs the
//! download; a batch is a few hundred rows at most, so it is built whole.

use crate::WebState;
use app::domain::supplies::SosQueueFilter;
use app::server::auth::CurrentSession;
use app::server::supplies::{self, CsvEncoding};
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;

pub async fn queue_csv(
    State(state): State<WebState>,
    current: Option<Extension<CurrentSession>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let Some(Extension(current)) = current else { return Redirect::to("/login").into_response() };
    let filter = SosQueueFilter::from_query(|k| q.get(k).cloned());
    let (encoding, charset) = match q.get("encoding").map(String::as_str) {
        Some("sjis") => (CsvEncoding::ShiftJis, "Shift_JIS"),
        _ => (CsvEncoding::Utf8Bom, "utf-8"),
    };
    match supplies::queue_csv(&state.app, &current.actor, filter, encoding, state.app.clock.now()).await {
        Ok((name, bytes)) => (
            [
                (http::header::CONTENT_TYPE, format!("text/csv; charset={charset}")),
                (http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
                (http::header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}
