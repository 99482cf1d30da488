//! Product pages for vendors: the form to create and edit a listing, publishing and archiving,
//! and the vendor's own list with drafts. Each handler loads what it acts on and asks the policy.

use actix_web::http::StatusCode;
use actix_web::{Either, HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use super::body::read_form;
use super::fields::Fields;
use super::guard::{authorise, product_for, reindex, see_other, vendor_for};
use super::status::Command;
use super::{form, store, view};
use crate::catalog::store as catalog_store;
use crate::http::{FieldError, HttpError, RequestMeta};
use crate::identity::actor::OrgKind;
use crate::identity::csrf;
use crate::identity::extract::{MaybeSignedIn, SignedIn};
use crate::identity::policy::Action;
use crate::state::AppState;
use crate::ui::Page;

/// Notices a redirect may ask the vendor's list to show (anything else is ignored).
const NOTICES: [&str; 4] = ["created", "updated", "published", "archived"];

/// The form page; `product` is `None` for a new listing.
fn form_page(
    state: &AppState,
    meta: &RequestMeta,
    product: Option<Uuid>,
    fields: &Fields,
    errors: &[FieldError],
) -> Page {
    let catalogs = state.templates.catalogs();
    let action = product.map_or_else(|| "/products".to_owned(), |id| format!("/products/{id}"));
    Page::new(
        "pages/products/form.html",
        json!({
            "product_id": product,
            "action": action,
            "form": view::echo(fields),
            "field_errors": view::field_errors(errors, catalogs, meta.locale),
            "choices": view::choices(&state.reference, catalogs, meta.locale),
            "limits": {
                "name": form::NAME_MAX,
                "description": form::DESCRIPTION_MAX,
                "strong_points": form::STRONG_POINTS_MAX,
                "yen": form::YEN_MAX,
            },
        }),
    )
}

fn invalid(page: Page) -> Either<HttpResponse, Page> {
    Either::Right(page.with_status(StatusCode::UNPROCESSABLE_ENTITY))
}

/// GET /products/new — CreateProduct: members of an active vendor.
pub async fn new_form(state: web::Data<AppState>, meta: RequestMeta, who: MaybeSignedIn) -> Result<Page, HttpError> {
    vendor_for(who.actor())?;
    Ok(form_page(&state, &meta, None, &Fields::default(), &[]))
}

/// POST /products — creates a draft.
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    payload: web::Payload,
) -> Result<Either<HttpResponse, Page>, HttpError> {
    let (fields, token) = read_form(&req, payload).await?;
    csrf::verify(&req, &token)?;
    let vendor = vendor_for(who.actor())?;
    let Some(actor) = who.actor() else { return Err(HttpError::Unauthorized) };
    let input = match form::validate(&fields, &state.reference) {
        Ok(input) => input,
        Err(errors) => return Ok(invalid(form_page(&state, &meta, None, &fields, &errors))),
    };
    let p = store::create(&state.db, vendor.id, actor.user_id, &input)
        .await
        .map_err(|e| e.into_http(state.templates.catalogs(), meta.locale))?;
    reindex(&state).await;
    Ok(Either::Left(see_other(&format!("/vendor/products?notice=created#product-{}", p.id))))
}

/// GET /products/{id}/edit — EditProduct: members of the product's vendor.
pub async fn edit_form(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
) -> Result<Page, HttpError> {
    let p = product_for(&state.db, who.actor(), id.into_inner(), Action::EditProduct).await?;
    let listing = catalog_store::by_id(&state.db, p.id).await?.ok_or(HttpError::NotFound)?;
    Ok(form_page(&state, &meta, Some(p.id), &view::fields_of(&listing), &[]))
}

/// POST /products/{id} — rewrites the listing (an archived one goes back to draft).
pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<Either<HttpResponse, Page>, HttpError> {
    let (fields, token) = read_form(&req, payload).await?;
    csrf::verify(&req, &token)?;
    let p = product_for(&state.db, who.actor(), id.into_inner(), Action::EditProduct).await?;
    let Some(actor) = who.actor() else { return Err(HttpError::Unauthorized) };
    let input = match form::validate(&fields, &state.reference) {
        Ok(input) => input,
        Err(errors) => return Ok(invalid(form_page(&state, &meta, Some(p.id), &fields, &errors))),
    };
    store::update(&state.db, p.id, actor.user_id, &input)
        .await
        .map_err(|e| e.into_http(state.templates.catalogs(), meta.locale))?;
    reindex(&state).await;
    Ok(Either::Left(see_other(&format!("/vendor/products?notice=updated#product-{}", p.id))))
}

async fn change_status(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: Uuid,
    payload: web::Payload,
    command: Command,
) -> Result<HttpResponse, HttpError> {
    let (_, token) = read_form(&req, payload).await?;
    csrf::verify(&req, &token)?;
    let p = product_for(&state.db, who.actor(), id, Action::EditProduct).await?;
    let Some(actor) = who.actor() else { return Err(HttpError::Unauthorized) };
    store::change_status(&state.db, p.id, actor.user_id, command)
        .await
        .map_err(|e| e.into_http(state.templates.catalogs(), meta.locale))?;
    reindex(&state).await;
    Ok(see_other(&format!("/vendor/products?notice={}#product-{}", command.history_action(), p.id)))
}

/// POST /products/{id}/publish — EditProduct, from draft.
pub async fn publish(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    change_status(req, state, meta, who, id.into_inner(), payload, Command::Publish).await
}

/// POST /products/{id}/archive — EditProduct, from published.
pub async fn archive(
    req: HttpRequest,
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: MaybeSignedIn,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, HttpError> {
    change_status(req, state, meta, who, id.into_inner(), payload, Command::Archive).await
}

#[derive(Debug, Deserialize)]
pub struct MineQuery {
    notice: Option<String>,
}

/// GET /vendor/products — the listings of the actor's vendor organisations, drafts included.
pub async fn mine(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: SignedIn,
    query: web::Query<MineQuery>,
) -> Result<Page, HttpError> {
    let actor = who.actor();
    let vendors: Vec<Uuid> = actor.active().filter(|m| m.kind == OrgKind::Vendor).map(|m| m.organisation_id).collect();
    if vendors.is_empty() {
        return Err(HttpError::Forbidden);
    }
    // The list is of the actor's own organisations; the policy agrees for each (a check, not a filter).
    let products = store::of_vendors(&state.db, vendors).await?;
    for p in &products {
        authorise(Some(actor), Action::EditProduct(store::facts(p)))?;
    }
    let catalogs = state.templates.catalogs();
    let rows: Vec<_> = products.iter().map(|p| view::own_row(p, catalogs, meta.locale)).collect();
    let notice = query.notice.as_deref().filter(|n| NOTICES.contains(n));
    Ok(Page::new("pages/products/mine.html", json!({ "products": rows, "notice": notice })))
}
