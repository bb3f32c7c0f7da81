//! `POST /admin/accounts/import/upload`: the CSV upload form of
//! `/admin/accounts/import` posted without JavaScript. It calls the service
//! of the `upload_accounts` server function. The report (every row, with
//! the reason of each one refused) is stored nowhere and is too long for an
//! address back to the form, so the answer is a page of the report (200,
//! never cached; 422 with the reason when the file itself is refused) with a
//! way back to the form, rather than a redirect. The browser does not keep
//! the chosen file: the page says to choose it again.

use crate::WebState;
use crate::web::session::SignedIn;
use app::domain::error::AppError;
use app::domain::html::escape;
use app::pages::registration::ImportResult;
use app::server::authz::require_role;
use app::server::registration::{self, IMPORTERS};
use axum::extract::{Request, State};
use axum::response::{Html, IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use leptos::prelude::*;
use leptos::server_fn::codec::{FromReq, MultipartData, MultipartFormData};

pub async fn upload(State(state): State<WebState>, SignedIn(current): SignedIn, req: Request) -> Response {
    let t = app::i18n::t();
    // Who may import is decided before the body is read.
    if let Err(e) = require_role(&state.app.db, &current.actor, &IMPORTERS, "accounts.import").await {
        return e.into_response();
    }
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
    let result = if content_type.is_some_and(super::is_multipart_form_with_boundary) {
        match <MultipartData as FromReq<MultipartFormData, Request, AppError>>::from_req(req).await {
            Ok(data) => registration::upload(&state.app, &current.actor, data).await,
            Err(e) => Err(e),
        }
    } else {
        Err(AppError::field("file", t.import_file_empty))
    };
    match result {
        Ok(report) => {
            let html = Owner::new().with(|| view! { <ImportResult report /> }.to_html());
            answer(StatusCode::OK, &html)
        }
        Err(AppError::Validation(errors)) => {
            let items: String = errors.values().map(|m| format!("<li>{}</li>", escape(m))).collect();
            answer(StatusCode::UNPROCESSABLE_ENTITY, &format!("<ul class=\"when\">{items}</ul>"))
        }
        Err(e) => e.into_response(),
    }
}

/// The answer page: the report or the refusal, a word about choosing the
/// file again, and the way back to the form.
fn answer(status: StatusCode, main: &str) -> Response {
    let t = app::i18n::t();
    let body = format!(
        "<style>table{{border-collapse:collapse}}th,td{{border:1px solid #ccc;padding:.25em .5em;text-align:left}}</style>\
         {main}<p>{again}</p><p><a class=\"button\" href=\"/admin/accounts/import\">{back}</a></p>",
        again = escape(t.import_choose_again),
        back = escape(t.import_title),
    );
    let mut res = (status, Html(super::static_page(t.import_title, &body))).into_response();
    super::static_page_headers(res.headers_mut());
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}
