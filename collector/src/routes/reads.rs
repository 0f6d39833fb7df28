//! The contract's reads, and the visitor's one write besides submissions: an upvote.

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Json;
use chapeau_protocol::{limits, PollView, PublicQuestion, ReceiptView, UpvoteCount, UpvoteRequest};
use serde::Deserialize;

use crate::db::{Allowance, Upvoted};
use crate::error::ApiError;
use crate::inbox::auth::ClientIp;
use std::sync::Arc;

use crate::sites::Site;
use crate::AppState;

#[derive(Deserialize)]
pub struct VisitorQuery {
    visitor: Option<String>,
}

/// `GET /v1/sites/{site}/polls/{poll}`: the poll, with results when its rule lets them show.
pub async fn poll(
    State(state): State<AppState>,
    Path((site, poll)): Path<(String, String)>,
    Query(query): Query<VisitorQuery>,
) -> Result<Json<PollView>, ApiError> {
    let site = site_of(&state, &site)?;
    let poll = site.poll(&poll).ok_or_else(|| ApiError::UnknownPoll(poll.clone()))?;
    let now = time::OffsetDateTime::now_utc();
    let has_voted = match query.visitor.as_deref().filter(|v| is_visitor(v)) {
        Some(visitor) => state.db.has_voted(&site.id, &poll.id, visitor).await?,
        None => false,
    };
    let results = if poll.results_visible(now, has_voted) {
        Some(state.db.poll_results(&site.id, &poll.id, poll.options.iter().map(|o| o.id.as_str())).await?)
    } else {
        None
    };
    Ok(Json(poll.view(results)))
}

/// `GET /v1/receipts/{receipt}`: the status of a submission and its answer.
pub async fn receipt(State(state): State<AppState>, Path(token): Path<String>) -> Result<Json<ReceiptView>, ApiError> {
    // Receipts are 43 URL-safe characters; anything else (longer than 64, or with other
    // characters) cannot be one, so skip the lookup.
    if !chapeau_protocol::is_site_id(&token) {
        return Err(ApiError::NotFound);
    }
    state.db.receipt(&token).await?.map(Json).ok_or(ApiError::NotFound)
}

#[derive(Deserialize)]
pub struct PageQuery {
    page: Option<u32>,
}

/// `GET /v1/sites/{site}/questions?page=N`: the public Q&A, most upvoted first.
pub async fn questions(
    State(state): State<AppState>,
    Path(site): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Json<Vec<PublicQuestion>>, ApiError> {
    let site = site_of(&state, &site)?;
    Ok(Json(state.db.public_questions(&site.id, query.page.unwrap_or(1)).await?))
}

/// `POST /v1/sites/{site}/questions/{id}/upvotes` with `{"visitor": "…"}`: one per visitor.
pub async fn upvote(
    State(state): State<AppState>,
    Path((site, question)): Path<(String, String)>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<UpvoteCount>, ApiError> {
    state.per_ip.take(&ip).map_err(ApiError::rate_limited)?;
    let site = site_of(&state, &site)?;
    super::submissions::check_origin(&site, &headers)?;
    let bytes = super::submissions::read_json_body(&headers, body, 1024).await?;
    let request: UpvoteRequest = serde_json::from_slice(&bytes).map_err(|e| {
        if e.is_syntax() || e.is_eof() {
            ApiError::MalformedJson(e.to_string())
        } else {
            ApiError::Invalid(chapeau_protocol::Violation {
                code: chapeau_protocol::ErrorCode::InvalidType,
                field: "visitor".into(),
                message: e.to_string(),
            })
        }
    })?;
    if !is_visitor(&request.visitor) {
        return Err(ApiError::Invalid(chapeau_protocol::Violation {
            code: chapeau_protocol::ErrorCode::InvalidFormat,
            field: "visitor".into(),
            message: "visitor must be 8 to 64 letters, digits, - or _".into(),
        }));
    }
    let allowance = Allowance::upvotes(&site.id, crate::limits::network(ip), site.upvotes_per_network_per_hour);
    match state.db.upvote(&site.id, &question, &request.visitor, allowance.as_ref()).await? {
        Upvoted::Counted(upvotes) => Ok(Json(UpvoteCount { upvotes })),
        Upvoted::NoSuchQuestion => Err(ApiError::NotFound),
        Upvoted::Limited(wait) => Err(ApiError::rate_limited(wait)),
    }
}

fn site_of(state: &AppState, id: &str) -> Result<Arc<Site>, ApiError> {
    state.sites.get(id).ok_or_else(|| ApiError::UnknownSite(id.to_string()))
}

fn is_visitor(id: &str) -> bool {
    id.len() >= limits::VISITOR_MIN_CHARS && id.len() <= limits::ID_MAX_CHARS && chapeau_protocol::is_site_id(id)
}
