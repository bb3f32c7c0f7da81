//! `GET /area/download`: a download of area data, streamed as the service
//! writes it (CSV chunks, or the finished XLSX file). The service checks the
//! role and area, validates the filters and logs the download; a refused
//! filter gets a page with the Japanese messages and a way back.

use crate::WebState;
use crate::web::session::SignedIn;
use app::domain::area::AreaQuery;
use app::domain::error::AppError;
use app::domain::html::escape;
use app::server::area::downloads;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

pub async fn download(
    State(state): State<WebState>,
    SignedIn(current): SignedIn,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let query = AreaQuery::from_query(|k| q.get(k).cloned());
    let kind = q.get("kind").map(String::as_str);
    let format = q.get("format").map(String::as_str);
    match downloads::start(&state.app, &current.actor, kind, format, query.clone(), state.app.clock.now()).await {
        Ok(prepared) => {
            let stream = tokio_stream::wrappers::ReceiverStream::new(prepared.body);
            (
                [
                    (http::header::CONTENT_TYPE, prepared.content_type.to_owned()),
                    (http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", prepared.file_name)),
                    (http::header::CACHE_CONTROL, "no-store".to_owned()),
                ],
                Body::from_stream(stream),
            )
                .into_response()
        }
        Err(AppError::Validation(errors)) => {
            let a = app::i18n::t().area();
            let items: String = errors.values().map(|m| format!("<li>{}</li>", escape(m))).collect();
            let back = format!("/area/downloads?{}", query.to_query());
            let main = format!(
                r#"<div class="when"><p>{}</p><ul>{items}</ul></div><p><a class="button" href="{}">{}</a></p>"#,
                escape(a.fix_filters),
                escape(&back),
                escape(a.downloads_title),
            );
            let mut res = (http::StatusCode::BAD_REQUEST, super::static_page(a.downloads_title, &main)).into_response();
            res.headers_mut()
                .insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("text/html; charset=utf-8"));
            super::static_page_headers(res.headers_mut());
            res
        }
        Err(e) => e.into_response(),
    }
}
