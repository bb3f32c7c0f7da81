//! `GET /api/v1/docs`: the API's description for people, rendered on the
//! server from the same generated OpenAPI document (so it cannot drift), as
//! one static page that needs no script and reads on a phone. The problem
//! `type` URIs point at its `#problem-<code>` sections.

use super::ApiDoc;
use app::domain::html::escape;
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use utoipa::OpenApi;

/// What each problem code means and what to do, by code.
const PROBLEMS: [(&str, u16, &str); 10] = [
    (
        "unauthenticated",
        401,
        "トークンがない、誤り、期限切れ、失効済み、またはアカウントが停止されています。管理者に新しいトークンを依頼してください。",
    ),
    ("forbidden", 403, "トークンにこの操作のスコープがないか、アカウントの権限・管轄の外です。"),
    ("not_found", 404, "指定したものはありません（ほかのアカウントのものも同じ答えです）。"),
    ("validation", 422, "内容が受け付けられません。errors に項目ごとの理由があります。何も保存されていません。"),
    ("conflict", 409, "現在の状態と合いません（送信中の配信の再送など）。"),
    (
        "bad_request",
        400,
        "JSON として読めないか、項目の名前・型が仕様と違います（未知の項目を含む）。415 は Content-Type が JSON でない場合です。",
    ),
    ("too_large", 413, "本文が 4 MiB を超えています。分けて送ってください。"),
    ("too_many_requests", 429, "トークンあたりの要求数の上限を超えました。Retry-After の秒数だけ待ってください。"),
    ("unavailable", 503, "計画メンテナンス中などで使えません。Retry-After の後に送り直してください。"),
    ("internal", 500, "G-MIS 側の問題です。時間をおいて送り直し、続く場合はヘルプデスクに連絡してください。"),
];

pub async fn page() -> Response {
    let doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or(Value::Null);
    let mut html = String::from(
        "<style>table{border-collapse:collapse;width:100%;font-size:.9em}th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}\
         .scroll{overflow-x:auto}code{word-break:break-all}h2{margin-top:2em}h3{margin-top:1.5em;font-size:1.1em}</style>",
    );
    let text = |v: &Value| escape(v.as_str().unwrap_or_default());
    html.push_str(&format!("<p>{}</p>", text(&doc["info"]["description"])));
    html.push_str("<p><a href=\"/api/v1/openapi.json\">OpenAPI 3.1 (JSON)</a></p>");
    let empty = serde_json::Map::new();
    let paths = doc["paths"].as_object().unwrap_or(&empty);
    for tag in doc["tags"].as_array().into_iter().flatten() {
        let name = tag["name"].as_str().unwrap_or_default();
        html.push_str(&format!("<h2>{}</h2>", text(&tag["description"])));
        for (path, item) in paths {
            for (method, op) in item.as_object().into_iter().flatten() {
                if !op["tags"].as_array().is_some_and(|t| t.iter().any(|x| x == name)) {
                    continue;
                }
                html.push_str(&operation(method, path, op));
            }
        }
    }
    html.push_str("<h2 id=\"problems\">エラー（problem details）</h2><p>すべてのエラーは <code>application/problem+json</code> で、<code>code</code> が次のどれかです。</p>");
    for (code, status, meaning) in PROBLEMS {
        html.push_str(&format!("<h3 id=\"problem-{code}\"><code>{code}</code>（{status}）</h3><p>{meaning}</p>"));
    }
    let mut res = axum::response::Html(crate::web::static_page("G-MIS API", &html)).into_response();
    crate::web::static_page_headers(res.headers_mut());
    res
}

/// One operation: method, path, what it does, its parameters and answers.
fn operation(method: &str, path: &str, op: &Value) -> String {
    let text = |v: &Value| escape(v.as_str().unwrap_or_default());
    // utoipa puts a doc comment's first paragraph in `summary`, the rest in `description`.
    let about = [text(&op["summary"]), text(&op["description"])].join(" ").replace('\n', " ");
    let mut out = format!(
        "<h3><code>{} {}</code></h3><p>{}</p>",
        escape(&method.to_ascii_uppercase()),
        escape(path),
        about.trim(),
    );
    if let Some(scopes) = op["security"][0]["bearer"].as_array().filter(|s| !s.is_empty()) {
        let names: Vec<String> = scopes.iter().map(|s| format!("<code>{}</code>", text(s))).collect();
        out.push_str(&format!("<p>スコープ: {}</p>", names.join(" ")));
    }
    if let Some(params) = op["parameters"].as_array().filter(|p| !p.is_empty()) {
        out.push_str("<div class=\"scroll\"><table><tr><th>パラメーター</th><th>必須</th><th>説明</th></tr>");
        for p in params {
            let required = if p["required"].as_bool().unwrap_or(false) { "○" } else { "" };
            out.push_str(&format!(
                "<tr><td><code>{}</code></td><td>{required}</td><td>{}</td></tr>",
                text(&p["name"]),
                text(&p["description"]).replace('\n', " ")
            ));
        }
        out.push_str("</table></div>");
    }
    if let Some(schema) = op["requestBody"]["content"]["application/json"]["schema"]["$ref"].as_str() {
        let name = schema.rsplit('/').next().unwrap_or_default();
        out.push_str(&format!("<p>本文: <code>{}</code>（JSON）</p>", escape(name)));
    }
    out.push_str("<div class=\"scroll\"><table><tr><th>応答</th><th>意味</th></tr>");
    for (status, r) in op["responses"].as_object().into_iter().flatten() {
        out.push_str(&format!("<tr><td>{}</td><td>{}</td></tr>", escape(status), text(&r["description"])));
    }
    out.push_str("</table></div>");
    out
}
