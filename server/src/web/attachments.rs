//! `GET /attachments/{id}`: an attachment of a notice or an inquiry, for
//! someone who may see it. Always a download (`Content-Disposition:
//! attachment` with the checked name), typed by its sniffed content, never
//! sniffed again by the browser, sandboxed, and not cached.

use crate::WebState;
use crate::web::session::SignedIn;
use app::server::attachments;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, header};

pub async fn download(State(state): State<WebState>, SignedIn(current): SignedIn, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<i32>() else { return app::domain::error::AppError::NotFound.into_response() };
    match attachments::fetch(&state.app, &current.actor, id, state.app.clock.now()).await {
        Ok(file) => {
            let mut res = file.bytes.into_response();
            let h = res.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(file.kind.mime()));
            if let Ok(v) = HeaderValue::from_str(&app::domain::attachments::content_disposition(&file.name)) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
            h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
            h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; sandbox"));
            res
        }
        Err(e) => e.into_response(),
    }
}
