//! Verification results: written by verifiers and the organiser (never by the product's own
//! vendor), amended and withdrawn with a reason, audited, and lapsing by themselves when their
//! dates pass — no job involved.

use entities::{audit_log, organisation, verification};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::catalog_products::{api, published_listing};
use crate::helpers::{TestApp, csrf_in, spawn_app};

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

fn a_result() -> Value {
    json!({
        "level": "green",
        "verified_on": (today() - chrono::Days::new(30)).to_string(),
        "summary_ja": "検証環境で有効性を確認した。",
        "evidence_url": "https://verify.example.jp/report/1",
    })
}

async fn audit_count(app: &TestApp, action: &str, id: &str) -> u64 {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(action))
        .filter(audit_log::Column::ObjectId.eq(id))
        .count(&app.state.db)
        .await
        .unwrap()
}

async fn current_level(app: &TestApp, product: Uuid) -> Value {
    let view: Value = app.get(&format!("/api/v1/products/{product}")).await.json().await.unwrap();
    view["current_level"].clone()
}

/// The card of `product` on the public list page.
async fn card_on_list(app: &TestApp, product: Uuid) -> String {
    let (_, html) = app.get_text("/products?per_page=100").await;
    let start = html.find(&format!("id=\"product-{product}-name\"")).expect("the product is listed");
    let end = html[start..].find("</article>").map_or(html.len(), |e| start + e);
    html[start..end].to_owned()
}

#[tokio::test]
async fn a_verifier_records_amends_and_withdraws_and_the_vendor_cannot() {
    let app = spawn_app().await;
    let product = published_listing(&app, "検証されるEDR").await;
    let path = format!("/api/v1/products/{product}/verifications");

    let vendor = app.client_signed_in_as("vendor@colapla.example").await;
    let refused = api(&app, &vendor, reqwest::Method::POST, &path, Some(&a_result())).await;
    assert_eq!(refused.status(), 403, "a vendor never verifies its own product");
    let user_company = app.client_signed_in_as("gifu@colapla.example").await;
    assert_eq!(api(&app, &user_company, reqwest::Method::POST, &path, Some(&a_result())).await.status(), 403);

    let verifier = app.client_signed_in_as("verifier@colapla.example").await;
    let response = api(&app, &verifier, reqwest::Method::POST, &path, Some(&a_result())).await;
    assert_eq!(response.status(), 201);
    let record: Value = response.json().await.unwrap();
    let id = record["id"].as_str().unwrap().to_owned();
    assert_eq!(record["current"], true);
    let two_years = (today() - chrono::Days::new(30)).checked_add_months(chrono::Months::new(24)).unwrap();
    assert_eq!(record["valid_until"], two_years.to_string(), "valid for two years by default");
    assert_eq!(current_level(&app, product).await, "green");
    assert_eq!(audit_count(&app, "verification.recorded", &id).await, 1);

    // The vendor sees its record on its product page, but has no way to write one.
    let page = vendor.get(app.url(&format!("/products/{product}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("検証環境で有効性を確認した。"));
    assert_eq!(
        vendor.get(app.url(&format!("/products/{product}/verifications/new"))).send().await.unwrap().status(),
        403
    );

    let amend = format!("/api/v1/verifications/{id}/amend");
    let mut corrected = a_result();
    corrected["level"] = json!("blue");
    let no_reason = api(&app, &verifier, reqwest::Method::POST, &amend, Some(&corrected)).await;
    assert_eq!(no_reason.status(), 422);
    let problem: Value = no_reason.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "reason");
    corrected["reason"] = json!("実環境での試行に訂正");
    assert_eq!(api(&app, &vendor, reqwest::Method::POST, &amend, Some(&corrected)).await.status(), 403);
    let amended: Value =
        api(&app, &verifier, reqwest::Method::POST, &amend, Some(&corrected)).await.json().await.unwrap();
    assert_eq!(amended["level"], "blue");
    assert_eq!(amended["amended_reason"], "実環境での試行に訂正");
    assert_eq!(audit_count(&app, "verification.amended", &id).await, 1);

    let withdraw = format!("/api/v1/verifications/{id}/withdraw");
    assert_eq!(api(&app, &verifier, reqwest::Method::POST, &withdraw, Some(&json!({}))).await.status(), 422);
    let withdrawn = api(&app, &verifier, reqwest::Method::POST, &withdraw, Some(&json!({ "reason": "誤記録" }))).await;
    assert_eq!(withdrawn.status(), 200);
    assert_eq!(withdrawn.json::<Value>().await.unwrap()["status"], "withdrawn");
    assert_eq!(audit_count(&app, "verification.withdrawn", &id).await, 1);
    assert_eq!(current_level(&app, product).await, Value::Null);
    let again = api(&app, &verifier, reqwest::Method::POST, &withdraw, Some(&json!({ "reason": "再度" }))).await;
    assert_eq!(again.status(), 409);
}

#[tokio::test]
async fn the_organiser_records_for_a_verifier_through_the_pages() {
    let app = spawn_app().await;
    let product = published_listing(&app, "事務局が記録するUTM").await;
    let verifier_org = organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(organisation::OrganisationKind::Verifier))
        .filter(organisation::Column::Status.eq(organisation::OrganisationStatus::Active))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("an active verifier in the demo data");
    let organiser = app.client_signed_in_as("organiser@colapla.example").await;
    let desk = format!("/products/{product}/verifications/new");
    let page = organiser.get(app.url(&desk)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains(&verifier_org.id.to_string()), "the organiser chooses the verifier");
    let csrf = csrf_in(&html);
    let verified_on = (today() - chrono::Days::new(10)).to_string();
    let verifier_id = verifier_org.id.to_string();
    let mut fields = vec![
        ("level", "green"),
        ("verified_on", verified_on.as_str()),
        ("summary_ja", "事務局が記録した結果"),
        ("csrf_token", csrf.as_str()),
    ];
    let missing_verifier =
        organiser.post(app.url(&format!("/products/{product}/verifications"))).form(&fields).send().await.unwrap();
    assert_eq!(missing_verifier.status(), 422);
    fields.push(("verifier_organisation_id", verifier_id.as_str()));
    let response =
        organiser.post(app.url(&format!("/products/{product}/verifications"))).form(&fields).send().await.unwrap();
    assert_eq!(response.status(), 303);
    let record = verification::Entity::find()
        .filter(verification::Column::ProductId.eq(product))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(record.verifier_organisation_id, verifier_org.id);
    assert!(card_on_list(&app, product).await.contains("badge--green"));

    fields.push(("reason", "概要を訂正"));
    fields.retain(|(k, _)| *k != "summary_ja");
    fields.push(("summary_ja", "訂正した概要"));
    let response =
        organiser.post(app.url(&format!("/verifications/{}/amend", record.id))).form(&fields).send().await.unwrap();
    assert_eq!(response.status(), 303);
    let response = organiser
        .post(app.url(&format!("/verifications/{}/withdraw", record.id)))
        .form(&[("reason", "取り下げ"), ("csrf_token", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let record = verification::Entity::find_by_id(record.id).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!(record.summary_ja, "訂正した概要");
    assert_eq!(record.amended_reason.as_deref(), Some("概要を訂正"));
    assert_eq!(record.status, verification::VerificationStatus::Withdrawn);
    let id = record.id.to_string();
    assert_eq!(audit_count(&app, "verification.recorded", &id).await, 1);
    assert_eq!(audit_count(&app, "verification.amended", &id).await, 1);
    assert_eq!(audit_count(&app, "verification.withdrawn", &id).await, 1);
}

#[tokio::test]
async fn an_expired_result_leaves_the_verified_state_by_itself() {
    let app = spawn_app().await;
    let product = published_listing(&app, "期限切れになるEDR").await;
    let verifier = app.client_signed_in_as("verifier@colapla.example").await;
    let path = format!("/api/v1/products/{product}/verifications");
    assert_eq!(api(&app, &verifier, reqwest::Method::POST, &path, Some(&a_result())).await.status(), 201);
    assert_eq!(current_level(&app, product).await, "green");
    assert!(card_on_list(&app, product).await.contains("badge--green"));

    // Time passes: the dates move into the past. Nothing else runs.
    verification::Entity::update_many()
        .col_expr(verification::Column::VerifiedOn, Expr::value(chrono::NaiveDate::from_ymd_opt(2022, 4, 1).unwrap()))
        .col_expr(verification::Column::ValidUntil, Expr::value(chrono::NaiveDate::from_ymd_opt(2024, 3, 31).unwrap()))
        .col_expr(verification::Column::UpdatedAt, Expr::value(chrono::Utc::now()))
        .filter(verification::Column::ProductId.eq(product))
        .exec(&app.state.db)
        .await
        .unwrap();
    assert_eq!(current_level(&app, product).await, Value::Null);
    // The list page reads an in-memory copy of the catalog; the test changed the database
    // behind the application's back, so let the copy see the new dates (its timer would).
    app.state.search.refresh_now().await.unwrap();
    let card = card_on_list(&app, product).await;
    assert!(card.contains("badge--none") && !card.contains("badge--green"), "{card}");
}
