//! One route table for the whole application. Capabilities add their routes here rather than to
//! actix directly, so that the table can be listed: the access-matrix test walks every route, and
//! the OpenAPI test checks every `/api` route is documented. Routes that share a path become one
//! actix resource, which answers 405 with an `Allow` header to a method it does not declare.

use actix_web::dev::HttpServiceFactory;
use actix_web::http::Method;
use actix_web::{FromRequest, Handler, HttpResponse, Resource, Responder, web};

type AddRoute = Box<dyn Fn(Resource) -> Resource + Send + Sync>;

/// A route as listed for tests and documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteInfo {
    pub method: Method,
    pub path: &'static str,
}

struct Entry {
    info: RouteInfo,
    add: AddRoute,
}

/// The route table: build it with [`crate::http::route_table`].
#[derive(Default)]
pub struct RouteTable {
    entries: Vec<Entry>,
}

impl std::fmt::Debug for RouteTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.entries.iter().map(|e| &e.info)).finish()
    }
}

macro_rules! method_fn {
    ($name:ident, $method:ident, $ctor:ident) => {
        pub fn $name<F, Args>(&mut self, path: &'static str, handler: F) -> &mut Self
        where
            F: Handler<Args> + Clone + Send + Sync,
            Args: FromRequest + 'static,
            F::Output: Responder + 'static,
        {
            self.add(Method::$method, path, Box::new(move |r: Resource| r.route(web::$ctor().to(handler.clone()))))
        }
    };
}

impl RouteTable {
    method_fn!(get, GET, get);
    method_fn!(post, POST, post);
    method_fn!(put, PUT, put);
    method_fn!(patch, PATCH, patch);
    method_fn!(delete, DELETE, delete);

    fn add(&mut self, method: Method, path: &'static str, add: AddRoute) -> &mut Self {
        assert!(
            !self.entries.iter().any(|e| e.info.path == path && e.info.method == method),
            "route {method} {path} registered twice"
        );
        self.entries.push(Entry { info: RouteInfo { method, path }, add });
        self
    }

    /// Every route, in registration order.
    pub fn list(&self) -> Vec<RouteInfo> {
        self.entries.iter().map(|e| e.info.clone()).collect()
    }

    /// Mounts the table: one resource per path, in order of first registration.
    pub fn register(&self, cfg: &mut web::ServiceConfig) {
        let mut paths: Vec<&'static str> = Vec::new();
        for entry in &self.entries {
            if !paths.contains(&entry.info.path) {
                paths.push(entry.info.path);
            }
        }
        for path in paths {
            cfg.service(self.resource(path));
        }
    }

    fn resource(&self, path: &'static str) -> impl HttpServiceFactory + use<> {
        let mut resource = Resource::new(path);
        let mut allowed: Vec<Method> = Vec::new();
        for entry in self.entries.iter().filter(|e| e.info.path == path) {
            resource = (entry.add)(resource);
            allowed.push(entry.info.method.clone());
        }
        let allow = allowed.iter().map(Method::as_str).collect::<Vec<_>>().join(", ");
        resource.default_service(web::to(move || {
            let allow = allow.clone();
            async move { method_not_allowed(allow) }
        }))
    }
}

fn method_not_allowed(allow: String) -> Result<HttpResponse, super::HttpError> {
    Err(super::HttpError::MethodNotAllowed { allow })
}
