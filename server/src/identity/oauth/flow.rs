//! The two legs of the authorization-code flow: `start` sends the browser to the provider,
//! `callback` takes it back, checks everything, and signs the person in.

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{Either, HttpRequest, HttpResponse, web};
use chrono::{Duration, Utc};
use entities::{app_user, identity_link, oauth_flow};
use oauth2::basic::BasicClient;
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl,
    RequestTokenError, Scope, TokenResponse, TokenUrl,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};
use secrecy::ExposeSecret;
use serde::Deserialize;
use uuid::Uuid;

use super::userinfo;
use crate::config::oauth::Provider;
use crate::http::{HttpError, RequestMeta};
use crate::identity::audit::{self, Entry, client_ip};
use crate::identity::email_link::{find_or_create_user, safe_next};
use crate::identity::pages::sign_in;
use crate::identity::tokens;
use crate::state::AppState;
use crate::ui::Page;

const FLOW_COOKIE: &str = "colapla_oauth";
const FLOW_LIFETIME: Duration = Duration::minutes(10);

/// Why a sign-in through a provider did not happen; each has its own message (`oauth.failed.*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Failure {
    /// The state is missing, unknown, used already, expired, or from another browser.
    InvalidState,
    /// The person declined, or the provider refused the request.
    Refused,
    /// The provider could not be reached or answered nonsense.
    Unavailable,
    /// The response claims another issuer.
    WrongIssuer,
    /// The provider gave no usable e-mail address for a new account.
    NoEmail,
    /// The address belongs to an account that signs in another way.
    EmailTaken,
}

impl Failure {
    fn key(self) -> &'static str {
        match self {
            Failure::InvalidState => "invalid_state",
            Failure::Refused => "refused",
            Failure::Unavailable => "unavailable",
            Failure::WrongIssuer => "wrong_issuer",
            Failure::NoEmail => "no_email",
            Failure::EmailTaken => "email_taken",
        }
    }

    fn status(self) -> StatusCode {
        match self {
            Failure::Unavailable => StatusCode::BAD_GATEWAY,
            Failure::Refused | Failure::EmailTaken => StatusCode::FORBIDDEN,
            _ => StatusCode::BAD_REQUEST,
        }
    }
}

fn redirect_uri(state: &AppState, provider: &Provider) -> Result<RedirectUrl, HttpError> {
    let url =
        state.config.base_url.join(&format!("/login/oauth/{}/callback", provider.id)).map_err(HttpError::internal)?;
    Ok(RedirectUrl::from_url(url))
}

fn client(
    state: &AppState,
    provider: &Provider,
) -> Result<
    oauth2::basic::BasicClient<
        oauth2::EndpointSet,
        oauth2::EndpointNotSet,
        oauth2::EndpointNotSet,
        oauth2::EndpointNotSet,
        oauth2::EndpointSet,
    >,
    HttpError,
> {
    let mut client = BasicClient::new(ClientId::new(provider.client_id.clone()))
        .set_auth_uri(AuthUrl::from_url(provider.authorize_url.clone()))
        .set_token_uri(TokenUrl::from_url(provider.token_url.clone()))
        .set_redirect_uri(redirect_uri(state, provider)?);
    if let Some(secret) = &provider.client_secret {
        client = client.set_client_secret(ClientSecret::new(secret.expose_secret().to_owned()));
    }
    Ok(client)
}

#[derive(Debug, Deserialize)]
pub struct StartQuery {
    next: Option<String>,
}

/// `GET /login/oauth/{provider}`: records the flow and sends the browser to the provider.
pub async fn start(
    state: web::Data<AppState>,
    provider_id: web::Path<String>,
    query: web::Query<StartQuery>,
) -> Result<HttpResponse, HttpError> {
    let provider = state.oauth.get(&provider_id).ok_or(HttpError::NotFound)?;
    let flow_state = tokens::new_token();
    let browser = tokens::new_token();
    let nonce = tokens::new_token();
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let now = Utc::now();
    // Old, abandoned flows go as new ones come.
    oauth_flow::Entity::delete_many().filter(oauth_flow::Column::ExpiresAt.lt(now)).exec(&state.db).await?;
    oauth_flow::Model {
        state_hash: tokens::hash(&flow_state),
        provider: provider.id.clone(),
        browser_hash: tokens::hash(&browser),
        pkce_verifier: verifier.secret().clone(),
        nonce: nonce.clone(),
        next: safe_next(query.next.as_deref()),
        created_at: now,
        expires_at: now + FLOW_LIFETIME,
    }
    .into_active_model()
    .reset_all()
    .insert(&state.db)
    .await?;

    let client = client(&state, provider)?;
    let mut request = client
        .authorize_url(|| CsrfToken::new(flow_state.clone()))
        .set_pkce_challenge(challenge)
        .add_extra_param("nonce", nonce);
    for scope in &provider.scopes {
        request = request.add_scope(Scope::new(scope.clone()));
    }
    for (name, value) in &provider.extra_params {
        request = request.add_extra_param(name.clone(), value.clone());
    }
    let (url, _) = request.url();
    let cookie = Cookie::build(FLOW_COOKIE, browser)
        .path("/login/oauth")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.is_https())
        .max_age(CookieDuration::minutes(FLOW_LIFETIME.num_minutes()))
        .finish();
    let mut response = HttpResponse::SeeOther().insert_header((header::LOCATION, url.to_string())).finish();
    response.add_cookie(&cookie).map_err(HttpError::internal)?;
    Ok(response)
}

#[derive(Debug, Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    iss: Option<String>,
    error: Option<String>,
}

fn failure_page(provider: &Provider, failure: Failure) -> Page {
    Page::new("pages/sign_in_failed.html", serde_json::json!({ "reason": failure.key(), "provider": provider.label }))
        .with_status(failure.status())
}

/// `GET /login/oauth/{provider}/callback`: the provider sends the browser back here.
pub async fn callback(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    provider_id: web::Path<String>,
    query: web::Query<CallbackQuery>,
) -> Result<Either<HttpResponse, Page>, HttpError> {
    let provider = state.oauth.get(&provider_id).ok_or(HttpError::NotFound)?.clone();
    let ip = client_ip(&req);
    let outcome = complete(&req, &state, &provider, &query, meta).await;
    let mut response = match outcome {
        Ok(Ok(response)) => Either::Left(response),
        Ok(Err(failure)) => {
            audit::record(
                &state.db,
                Entry::new("sign_in.failed", "oauth_flow")
                    .ip(ip)
                    .detail(serde_json::json!({ "method": format!("oauth:{}", provider.id), "reason": failure.key() })),
            )
            .await?;
            Either::Right(failure_page(&provider, failure))
        }
        Err(err) => return Err(err),
    };
    // The flow cookie is spent.
    if let Either::Left(r) = &mut response {
        let mut removal = Cookie::build(FLOW_COOKIE, "").path("/login/oauth").finish();
        removal.make_removal();
        let _ = r.add_cookie(&removal);
    }
    Ok(response)
}

/// OAuth error codes that say the provider is failing, not that it refuses (RFC 6749 §4.1.2.1).
fn is_outage(error: &str) -> bool {
    matches!(error, "server_error" | "temporarily_unavailable")
}

async fn complete(
    req: &HttpRequest,
    state: &AppState,
    provider: &Provider,
    query: &CallbackQuery,
    meta: RequestMeta,
) -> Result<Result<HttpResponse, Failure>, HttpError> {
    // The state is checked first, and spent, whatever else the response says.
    let Some(flow_state) = query.state.as_deref().filter(|s| tokens::looks_like_token(s)) else {
        return Ok(Err(Failure::InvalidState));
    };
    let state_hash = tokens::hash(flow_state);
    let Some(flow) = oauth_flow::Entity::find_by_id(state_hash.clone()).one(&state.db).await? else {
        return Ok(Err(Failure::InvalidState));
    };
    let spent = oauth_flow::Entity::delete_by_id(state_hash).exec(&state.db).await?;
    let browser = req.cookie(FLOW_COOKIE).map(|c| tokens::hash(c.value()));
    if spent.rows_affected != 1
        || flow.provider != provider.id
        || flow.expires_at <= Utc::now()
        || browser.as_deref() != Some(flow.browser_hash.as_str())
    {
        return Ok(Err(Failure::InvalidState));
    }
    if let Some(error) = &query.error {
        return Ok(Err(if is_outage(error) { Failure::Unavailable } else { Failure::Refused }));
    }
    if let (Some(returned), Some(expected)) = (&query.iss, &provider.issuer)
        && returned != expected
    {
        return Ok(Err(Failure::WrongIssuer));
    }
    let Some(code) = query.code.clone().filter(|c| !c.is_empty() && c.len() <= 2048) else {
        return Ok(Err(Failure::Refused));
    };

    let client = client(state, provider)?;
    let token = match client
        .exchange_code(AuthorizationCode::new(code))
        .set_pkce_verifier(PkceCodeVerifier::new(flow.pkce_verifier.clone()))
        .request_async(state.oauth.http())
        .await
    {
        Ok(token) => token,
        Err(RequestTokenError::ServerResponse(err)) => {
            tracing::warn!(provider = %provider.id, error = ?err.error(), "token request refused");
            return Ok(Err(if is_outage(err.error().as_ref()) { Failure::Unavailable } else { Failure::Refused }));
        }
        Err(err) => {
            tracing::warn!(provider = %provider.id, error = %err, "token endpoint failed");
            return Ok(Err(Failure::Unavailable));
        }
    };
    let identity = match userinfo::fetch(state.oauth.http(), provider, token.access_token().secret()).await {
        Ok(identity) => identity,
        Err(err) => {
            tracing::warn!(provider = %provider.id, error = %err, "userinfo failed");
            return Ok(Err(Failure::Unavailable));
        }
    };

    let user_id = match identity_link::Entity::find()
        .filter(identity_link::Column::Provider.eq(provider.id.clone()))
        .filter(identity_link::Column::Subject.eq(identity.subject.clone()))
        .one(&state.db)
        .await?
    {
        Some(link) => link.user_id,
        None => {
            let Some(email) = identity.email.as_deref().and_then(crate::identity::email_link::parse_email) else {
                return Ok(Err(Failure::NoEmail));
            };
            // Never join an existing account on the address alone: that person signs in as
            // before and can connect the provider from their account.
            if app_user::Entity::find()
                .filter(app_user::Column::Email.eq(email.clone()))
                .one(&state.db)
                .await?
                .is_some()
            {
                return Ok(Err(Failure::EmailTaken));
            }
            let user = find_or_create_user(&state.db, &email, identity.name.as_deref(), meta.locale).await?;
            identity_link::Model {
                id: Uuid::now_v7(),
                user_id: user.id,
                provider: provider.id.clone(),
                subject: identity.subject.clone(),
                email: Some(email),
                created_at: Utc::now(),
            }
            .into_active_model()
            .reset_all()
            .insert(&state.db)
            .await?;
            user.id
        }
    };
    let method = format!("oauth:{}", provider.id);
    Ok(Ok(sign_in(req, state, user_id, &method, &flow.next, client_ip(req)).await?))
}
