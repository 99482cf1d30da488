//! An OpenID Connect provider for tests, on a random port: real `/authorize`, `/token` and
//! `/userinfo` endpoints with the checks a strict provider makes (registered client and exact
//! redirect URI, PKCE S256, single-use codes, client authentication by HTTP Basic or in the body).
//! Each test switches its behaviour ([`Behaviour`]) and reads back what happened ([`Record`]).

use std::collections::HashMap;
use std::net::TcpListener;
use std::sync::{Arc, Mutex, MutexGuard};

use actix_web::dev::ServerHandle;
use actix_web::http::{StatusCode, header};
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use colapla::config::oauth::{Preset, RawProvider};
use secrecy::SecretString;
use sha2::{Digest, Sha256};

pub const CLIENT_ID: &str = "colapla-test";
/// With characters that must be form-encoded in the Basic credentials (RFC 6749 §2.3.1).
pub const CLIENT_SECRET: &str = "s3cret: with/odd+chars";
/// The button text colapla shows for this provider.
pub const LABEL: &str = "Test IdP";
/// An issuer that is not this provider's.
pub const WRONG_ISSUER: &str = "https://idp.attacker.example";

/// The person who signs in at the provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub sub: String,
    pub email: String,
    pub name: String,
}

impl Person {
    pub fn new(sub: &str, email: &str, name: &str) -> Self {
        Self { sub: sub.to_owned(), email: email.to_owned(), name: name.to_owned() }
    }
}

/// What the authorization response says about its issuer (RFC 9207 `iss`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Iss {
    /// `iss` is the provider's issuer.
    Correct,
    /// `iss` is [`WRONG_ISSUER`].
    Wrong,
    /// No `iss` parameter.
    Omitted,
}

/// How the token endpoint answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenEndpoint {
    /// Checks the request and issues an access token.
    Working,
    /// 503 with a plain-text body, as a load balancer in front of a down service answers.
    Unavailable,
    /// 503 with an OAuth error body: `{"error": "temporarily_unavailable"}`.
    UnavailableOAuthError,
    /// Answers with this redirect status, `Location` pointing at `/elsewhere` (which records the
    /// hit and would hand out a valid token to whoever follows it).
    Redirect(u16),
}

/// The switches a test sets.
#[derive(Debug, Clone)]
pub struct Behaviour {
    pub person: Person,
    pub iss: Iss,
    /// Redirect back with this `error` instead of a code: `access_denied` (the person declined),
    /// `temporarily_unavailable`, …
    pub authorization_error: Option<&'static str>,
    pub token: TokenEndpoint,
}

/// What the provider saw.
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// The query of every authorization request.
    pub authorize_requests: Vec<HashMap<String, String>>,
    pub token_requests: usize,
    /// The client authentication of each token request that had one: `basic` or `body`.
    pub token_auth: Vec<&'static str>,
    /// Why the token endpoint refused, e.g. `invalid_grant: PKCE`.
    pub token_errors: Vec<String>,
    pub tokens_issued: usize,
    pub userinfo_requests: usize,
    /// Requests to `/elsewhere`, the target of the token endpoint's redirect.
    pub redirect_target_hits: usize,
}

#[derive(Debug)]
struct Grant {
    challenge: String,
    client_id: String,
    redirect_uri: String,
    person: Person,
    used: bool,
}

#[derive(Debug)]
struct Inner {
    base: String,
    redirect_uris: Vec<String>,
    behaviour: Behaviour,
    codes: HashMap<String, Grant>,
    access_tokens: HashMap<String, Person>,
    record: Record,
}

type Shared = web::Data<Mutex<Inner>>;

fn lock(shared: &Mutex<Inner>) -> MutexGuard<'_, Inner> {
    shared.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[derive(Debug)]
pub struct TestProvider {
    /// `http://127.0.0.1:<port>`: also the issuer.
    pub base: String,
    inner: Arc<Mutex<Inner>>,
    handle: ServerHandle,
}

impl TestProvider {
    /// Starts the provider. Signing in there gives `person` (see [`TestProvider::set`]).
    pub async fn start(person: Person) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
        let base = format!("http://127.0.0.1:{}", listener.local_addr().expect("local address").port());
        let inner = Arc::new(Mutex::new(Inner {
            base: base.clone(),
            redirect_uris: Vec::new(),
            behaviour: Behaviour {
                person,
                iss: Iss::Correct,
                authorization_error: None,
                token: TokenEndpoint::Working,
            },
            codes: HashMap::new(),
            access_tokens: HashMap::new(),
            record: Record::default(),
        }));
        let shared: Shared = web::Data::from(inner.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(shared.clone())
                .route("/authorize", web::get().to(authorize))
                .route("/token", web::post().to(token))
                .route("/userinfo", web::get().to(userinfo))
                .route("/elsewhere", web::route().to(elsewhere))
        })
        .workers(1)
        .disable_signals()
        .shutdown_timeout(1)
        .listen(listener)
        .expect("listen")
        .run();
        let handle = server.handle();
        drop(tokio::spawn(server));
        Self { base, inner, handle }
    }

    pub fn issuer(&self) -> String {
        self.base.clone()
    }

    /// colapla's configuration for this provider: the `custom` preset, every URL pointing here.
    pub fn raw_provider(&self, id: &str) -> RawProvider {
        RawProvider {
            id: id.to_owned(),
            preset: Preset::Custom,
            label: Some(LABEL.to_owned()),
            tenant: None,
            hosted_domain: None,
            issuer: Some(self.issuer()),
            authorize_url: Some(format!("{}/authorize", self.base)),
            token_url: Some(format!("{}/token", self.base)),
            userinfo_url: Some(format!("{}/userinfo", self.base)),
            client_id: CLIENT_ID.to_owned(),
            client_secret: Some(SecretString::from(CLIENT_SECRET)),
            client_secret_env: None,
            scopes: None,
        }
    }

    /// Registers a redirect URI for the client; only registered URIs, compared exactly, are used.
    pub fn register_redirect_uri(&self, uri: &str) {
        lock(&self.inner).redirect_uris.push(uri.to_owned());
    }

    /// Changes the provider's behaviour from now on.
    pub fn set(&self, change: impl FnOnce(&mut Behaviour)) {
        change(&mut lock(&self.inner).behaviour);
    }

    pub fn record(&self) -> Record {
        lock(&self.inner).record.clone()
    }

    /// Closes the listener: from now on nothing answers on the provider's port.
    pub async fn stop(&self) {
        self.handle.stop(false).await;
    }
}

impl Drop for TestProvider {
    fn drop(&mut self) {
        let handle = self.handle.clone();
        drop(tokio::spawn(async move { handle.stop(false).await }));
    }
}

fn oauth_error(status: StatusCode, error: &str) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(serde_json::json!({ "error": error }))
}

fn new_secret() -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(uuid::Uuid::new_v4().as_bytes()))
}

/// `BASE64URL(SHA256(verifier))`, the S256 challenge (RFC 7636 §4.2).
pub fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// `GET /authorize`: the person "signs in" at once as the configured person.
async fn authorize(shared: Shared, query: web::Query<HashMap<String, String>>) -> HttpResponse {
    let query = query.into_inner();
    let mut inner = lock(&shared);
    inner.record.authorize_requests.push(query.clone());
    let param = |name: &str| query.get(name).map(String::as_str).filter(|v| !v.is_empty());

    // Errors about the client or the redirect URI are shown here, never sent to the redirect URI.
    if param("client_id") != Some(CLIENT_ID) {
        return HttpResponse::BadRequest().body("unknown client_id");
    }
    let Some(redirect_uri) = param("redirect_uri").filter(|uri| inner.redirect_uris.iter().any(|r| r == uri)) else {
        return HttpResponse::BadRequest().body("redirect_uri is not registered for this client");
    };
    let mut back = url::Url::parse(redirect_uri).expect("registered redirect URIs are URLs");
    let challenge = param("code_challenge").filter(|c| c.len() == 43);
    let problem = if param("response_type") != Some("code") {
        Some("unsupported_response_type")
    } else if param("code_challenge_method") != Some("S256") || challenge.is_none() || param("state").is_none() {
        Some("invalid_request")
    } else {
        None
    };
    let issuer = match inner.behaviour.iss {
        Iss::Correct => Some(inner.base.clone()),
        Iss::Wrong => Some(WRONG_ISSUER.to_owned()),
        Iss::Omitted => None,
    };
    let outcome = if let Some(error) = problem {
        Err(error)
    } else if let Some(error) = inner.behaviour.authorization_error {
        Err(error)
    } else {
        let code = new_secret();
        let grant = Grant {
            challenge: challenge.unwrap_or_default().to_owned(),
            client_id: CLIENT_ID.to_owned(),
            redirect_uri: redirect_uri.to_owned(),
            person: inner.behaviour.person.clone(),
            used: false,
        };
        inner.codes.insert(code.clone(), grant);
        Ok(code)
    };
    {
        let mut pairs = back.query_pairs_mut();
        match &outcome {
            Ok(code) => pairs.append_pair("code", code),
            Err(error) => pairs.append_pair("error", error),
        };
        if let Some(state) = param("state") {
            pairs.append_pair("state", state);
        }
        if let Some(issuer) = &issuer {
            pairs.append_pair("iss", issuer);
        }
    }
    HttpResponse::Found().insert_header((header::LOCATION, back.to_string())).finish()
}

fn form_decode(part: &str) -> String {
    percent_encoding::percent_decode_str(&part.replace('+', " ")).decode_utf8_lossy().into_owned()
}

/// The client's credentials: HTTP Basic (each part form-encoded) or `client_id` and
/// `client_secret` in the body.
fn client_credentials(req: &HttpRequest, form: &HashMap<String, String>) -> Option<(String, String, &'static str)> {
    if let Some(value) = req.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) {
        let encoded = value.strip_prefix("Basic ")?;
        let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
        let (id, secret) = decoded.split_once(':')?;
        return Some((form_decode(id), form_decode(secret), "basic"));
    }
    Some((form.get("client_id")?.clone(), form.get("client_secret")?.clone(), "body"))
}

/// `POST /token`: the authorization-code grant.
async fn token(req: HttpRequest, shared: Shared, body: web::Bytes) -> HttpResponse {
    let form: HashMap<String, String> = url::form_urlencoded::parse(&body).into_owned().collect();
    let mut inner = lock(&shared);
    inner.record.token_requests += 1;
    match inner.behaviour.token {
        TokenEndpoint::Working => {}
        TokenEndpoint::Unavailable => {
            return HttpResponse::ServiceUnavailable().content_type("text/plain").body("down for maintenance");
        }
        TokenEndpoint::UnavailableOAuthError => {
            return oauth_error(StatusCode::SERVICE_UNAVAILABLE, "temporarily_unavailable");
        }
        TokenEndpoint::Redirect(status) => {
            return HttpResponse::build(StatusCode::from_u16(status).expect("a status code"))
                .insert_header((header::LOCATION, format!("{}/elsewhere", inner.base)))
                .finish();
        }
    }
    let Some((client_id, secret, how)) = client_credentials(&req, &form) else {
        inner.record.token_errors.push("invalid_client: no client authentication".to_owned());
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client");
    };
    if client_id != CLIENT_ID || secret != CLIENT_SECRET {
        inner.record.token_errors.push("invalid_client: wrong credentials".to_owned());
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client");
    }
    inner.record.token_auth.push(how);
    if form.get("grant_type").map(String::as_str) != Some("authorization_code") {
        return oauth_error(StatusCode::BAD_REQUEST, "unsupported_grant_type");
    }
    let code = form.get("code").cloned().unwrap_or_default();
    let Some(grant) = inner.codes.get_mut(&code) else {
        inner.record.token_errors.push("invalid_grant: unknown code".to_owned());
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant");
    };
    // A code is spent by its first use, whatever the outcome.
    let already_used = std::mem::replace(&mut grant.used, true);
    let why = if already_used {
        Some("code used before")
    } else if grant.client_id != client_id {
        Some("code issued to another client")
    } else if form.get("redirect_uri") != Some(&grant.redirect_uri) {
        Some("redirect_uri differs")
    } else if form.get("code_verifier").map(|v| s256(v)) != Some(grant.challenge.clone()) {
        Some("PKCE")
    } else {
        None
    };
    let person = grant.person.clone();
    if let Some(why) = why {
        inner.record.token_errors.push(format!("invalid_grant: {why}"));
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant");
    }
    let access_token = new_secret();
    inner.access_tokens.insert(access_token.clone(), person);
    inner.record.tokens_issued += 1;
    HttpResponse::Ok().insert_header((header::CACHE_CONTROL, "no-store")).json(serde_json::json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": 300,
    }))
}

/// `GET /userinfo`: who the bearer of the access token is.
async fn userinfo(req: HttpRequest, shared: Shared) -> HttpResponse {
    let mut inner = lock(&shared);
    inner.record.userinfo_requests += 1;
    let person = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .and_then(|token| inner.access_tokens.get(token));
    match person {
        Some(p) => HttpResponse::Ok().json(serde_json::json!({
            "sub": p.sub,
            "email": p.email,
            "email_verified": true,
            "name": p.name,
        })),
        None => HttpResponse::Unauthorized()
            .insert_header((header::WWW_AUTHENTICATE, "Bearer error=\"invalid_token\""))
            .finish(),
    }
}

/// Where the misbehaving token endpoint redirects: records the hit and, to make following the
/// redirect visible, hands out a valid access token for the configured person.
async fn elsewhere(shared: Shared) -> HttpResponse {
    let mut inner = lock(&shared);
    inner.record.redirect_target_hits += 1;
    let access_token = new_secret();
    let person = inner.behaviour.person.clone();
    inner.access_tokens.insert(access_token.clone(), person);
    HttpResponse::Ok()
        .json(serde_json::json!({ "access_token": access_token, "token_type": "Bearer", "expires_in": 300 }))
}
