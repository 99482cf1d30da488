use actix_web::http::StatusCode;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, Responder, web};
use minijinja::Value;
use serde::Serialize;

use crate::http::{HttpError, request_meta};
use crate::i18n::DEFAULT_TIME_ZONE;
use crate::state::AppState;

/// What every template can rely on, besides its own data.
#[derive(Debug, Serialize)]
pub struct PageContext {
    pub lang: &'static str,
    pub other_lang: &'static str,
    /// The current URL with `?lang=<other>`: following it switches and remembers the language.
    pub lang_switch_url: String,
    pub path: String,
    pub request_id: String,
    pub time_zone: String,
    pub user: Option<serde_json::Value>,
    pub csrf_token: String,
}

impl PageContext {
    pub fn from_request(req: &HttpRequest) -> Self {
        let meta = request_meta(req);
        let other = meta.locale.other();
        let mut query: Vec<(String, String)> = url::form_urlencoded::parse(req.query_string().as_bytes())
            .filter(|(k, _)| k != "lang")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        query.push(("lang".to_owned(), other.as_str().to_owned()));
        let query = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(query).finish();
        Self {
            lang: meta.locale.as_str(),
            other_lang: other.as_str(),
            lang_switch_url: format!("{}?{query}", req.path()),
            path: req.path().to_owned(),
            request_id: meta.request_id,
            time_zone: req
                .extensions()
                .get::<crate::identity::CurrentSession>()
                .and_then(|s| s.actor.time_zone.parse::<chrono_tz::Tz>().ok())
                .unwrap_or(DEFAULT_TIME_ZONE)
                .name()
                .to_owned(),
            user: req.extensions().get::<crate::identity::CurrentSession>().map(|s| {
                let primary = s.actor.primary();
                serde_json::json!({
                    "display_name": s.actor.display_name,
                    "organisation_name": primary.map(|m| m.organisation_name.clone()),
                    "kind": primary.map(|m| m.kind),
                })
            }),
            csrf_token: crate::identity::csrf::token_for(req),
        }
    }
}

/// A page to render: a template name and its own data (a JSON object), rendered with the common
/// [`PageContext`] merged in.
#[derive(Debug)]
pub struct Page {
    template: &'static str,
    data: serde_json::Value,
    status: StatusCode,
}

impl Page {
    pub fn new(template: &'static str, data: serde_json::Value) -> Self {
        Self { template, data, status: StatusCode::OK }
    }

    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    pub fn render_body(&self, req: &HttpRequest, state: &AppState) -> Result<String, HttpError> {
        let common = serde_json::to_value(PageContext::from_request(req)).map_err(HttpError::internal)?;
        let mut context = match &self.data {
            serde_json::Value::Object(map) => map.clone(),
            serde_json::Value::Null => serde_json::Map::new(),
            _ => return Err(HttpError::internal("page data must be a JSON object")),
        };
        if let serde_json::Value::Object(common) = common {
            for (key, value) in common {
                context.entry(key).or_insert(value);
            }
        }
        Ok(state.templates.render(self.template, Value::from(minijinja::value::Serde(&context)))?)
    }
}

impl Responder for Page {
    type Body = actix_web::body::BoxBody;

    fn respond_to(self, req: &HttpRequest) -> HttpResponse {
        let Some(state) = req.app_data::<web::Data<AppState>>() else {
            return HttpResponse::from_error(HttpError::internal("application state missing"));
        };
        match self.render_body(req, state) {
            Ok(html) => HttpResponse::build(self.status).content_type("text/html; charset=utf-8").body(html),
            Err(err) => HttpResponse::from_error(err),
        }
    }
}
