//! `POST /admin/api-tokens/issue`: the token form of `/admin/api-tokens`
//! posted without JavaScript. A token is shown once, so the answer is the
//! page that shows it (200, never cached) rather than a redirect back,
//! which would lose it. With JavaScript the page's server function issues
//! it in place; both call `app::server::api_tokens::issue`.

use crate::WebState;
use crate::web::session::SignedIn;
use app::domain::api_tokens::{ApiScope, NewToken};
use app::domain::error::AppError;
use app::domain::html::escape;
use axum::extract::{Form, State};
use axum::response::{Html, IntoResponse, Response};
use http::StatusCode;

pub async fn issue(
    State(state): State<WebState>,
    SignedIn(current): SignedIn,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let t = app::i18n::t();
    let a = t.api();
    let field = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
    let scopes: Vec<ApiScope> = fields
        .iter()
        .filter(|(k, _)| k == "scopes[]" || k == "scopes")
        .filter_map(|(_, v)| ApiScope::from_code(v))
        .collect();
    let Ok(days) = field("days").trim().parse::<i64>() else {
        return answer(StatusCode::UNPROCESSABLE_ENTITY, &format!("<p class=\"when\">{}</p>", escape(a.bad_days)));
    };
    let input = NewToken { login_id: field("login_id"), name: field("name"), scopes, days };
    let issued = app::server::api_tokens::issue(&state.app.db, &current.actor, input, state.app.clock.now()).await;
    match issued {
        Ok(issued) => answer(
            StatusCode::OK,
            &format!(
                "<p class=\"when\">{}</p><p>{}{}</p><p><code style=\"word-break:break-all;font-size:1.1em\">{}</code></p>",
                escape(a.issued_once),
                escape(&issued.row.name),
                escape(&(app::i18n::t().parenthesized)(&issued.row.login_id)),
                escape(&issued.token),
            ),
        ),
        Err(AppError::Validation(errors)) => {
            let items: String = errors.values().map(|m| format!("<li>{}</li>", escape(m))).collect();
            answer(StatusCode::UNPROCESSABLE_ENTITY, &format!("<ul class=\"when\">{items}</ul>"))
        }
        Err(e) => e.into_response(),
    }
}

/// The answer page, with a way back to the list.
fn answer(status: StatusCode, main: &str) -> Response {
    let a = app::i18n::t().api();
    let body = format!("{main}<p><a class=\"button\" href=\"/admin/api-tokens\">{}</a></p>", escape(a.tokens_title));
    let mut res = (status, Html(super::static_page(a.tokens_title, &body))).into_response();
    super::static_page_headers(res.headers_mut());
    res
}
