//! Posting a submission with the browser's own `fetch` and `JSON`: no HTTP or JSON parsing
//! library ships in the widget for this.

use chapeau_protocol::{ErrorBody, ErrorCode, ErrorDetail, Submission};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, Request, RequestCredentials, RequestInit, RequestMode, Response};

use crate::delivery::{outcome, Problem};

/// How long a visitor waits before a silent backend counts as unreachable.
const TIMEOUT_MS: i32 = 15_000;

/// Posts one submission and says whether it was delivered.
pub async fn send(url: &str, submission: &Submission) -> Result<(), Problem> {
    let body = serde_json::to_string(submission).map_err(|_| Problem::Invalid)?;
    let response = post_json(url, &body).await.map_err(|_| Problem::Network)?;
    let status = response.status();
    let error = if (200..300).contains(&status) { None } else { error_body(&response).await };
    outcome(status, error.as_ref())
}

async fn post_json(url: &str, body: &str) -> Result<Response, JsValue> {
    let window = web_sys::window().ok_or(JsValue::NULL)?;
    let headers = Headers::new()?;
    headers.set("Content-Type", "application/json")?;
    let abort = AbortController::new()?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(body));
    init.set_mode(RequestMode::Cors);
    init.set_credentials(RequestCredentials::Omit);
    init.set_signal(Some(&abort.signal()));
    let request = Request::new_with_str_and_init(url, &init)?;
    let on_timeout = wasm_bindgen::closure::Closure::once_into_js(move || abort.abort());
    let timer = window.set_timeout_with_callback_and_timeout_and_arguments_0(on_timeout.unchecked_ref(), TIMEOUT_MS)?;
    let result = JsFuture::from(window.fetch_with_request(&request)).await;
    window.clear_timeout_with_handle(timer);
    result?.dyn_into::<Response>()
}

/// The contract's `{"error": {...}}`, read with the browser's JSON parser; `None` when the
/// backend sent something else (a proxy's HTML page, garbage, nothing).
async fn error_body(response: &Response) -> Option<ErrorBody> {
    let text = JsFuture::from(response.text().ok()?).await.ok()?.as_string()?;
    let json = js_sys::JSON::parse(&text).ok()?;
    let error = js_sys::Reflect::get(&json, &"error".into()).ok()?;
    let text_of = |key: &str| js_sys::Reflect::get(&error, &key.into()).ok()?.as_string();
    Some(ErrorBody {
        error: ErrorDetail {
            code: ErrorCode::from_wire(&text_of("code")?)?,
            message: text_of("message").unwrap_or_default(),
            field: text_of("field"),
        },
    })
}
