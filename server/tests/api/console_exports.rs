//! CSV exports of every console table: UTF-8 with a BOM, CRLF, RFC 4180 quoting; read back, the
//! Japanese text is intact; no export carries an e-mail address.

use entities::wg_session;
use sea_orm::{EntityTrait, QueryOrder};

use crate::helpers::spawn_app;

const TABLES: [&str; 11] = [
    "funnel",
    "matches_by_category",
    "matches_by_prefecture",
    "sessions",
    "events",
    "verifications",
    "mail",
    "mail_failures",
    "pending_organisations",
    "products_to_review",
    "case_studies_to_publish",
];

#[tokio::test]
async fn every_console_table_exports_as_csv_and_reads_back_with_japanese_intact() {
    let app = spawn_app().await;
    assert_eq!(TABLES, colapla::console::report::TABLES, "this test covers every exportable table");
    let organiser = app.client_signed_in_as("organiser@colapla.example").await;
    for table in TABLES {
        let response = organiser.get(app.url(&format!("/console/export/{table}?lang=ja"))).send().await.unwrap();
        assert_eq!(response.status(), 200, "{table}");
        assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
        let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
        assert!(disposition.starts_with(&format!("attachment; filename=\"colapla-{table}-")), "{disposition}");
        let bytes = response.bytes().await.unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{table}: a UTF-8 byte-order mark for Excel");
        let text = std::str::from_utf8(&bytes).expect("UTF-8");
        // The parser refuses a bare LF outside quotes, so reading back also checks CRLF line ends.
        assert!(text.ends_with("\r\n"), "{table}: CRLF");
        let rows = colapla::console::csv::parse(text).unwrap_or_else(|e| panic!("{table}: {e}"));
        assert!(
            !rows[0].is_empty() && rows[0].iter().any(|h| !h.is_ascii()),
            "{table}: Japanese headers {:?}",
            rows[0]
        );
        assert!(rows.iter().all(|r| r.len() == rows[0].len()), "{table}: every row as wide as the header");
        assert!(!text.contains('@'), "{table}: no e-mail addresses in exports");
    }

    // The sessions export carries the session titles exactly as stored (FY2021 lectures in the demo).
    let sessions =
        wg_session::Entity::find().order_by_asc(wg_session::Column::StartsAt).all(&app.state.db).await.unwrap();
    let csv = organiser.get(app.url("/console/export/sessions?lang=ja")).send().await.unwrap().text().await.unwrap();
    let rows = colapla::console::csv::parse(&csv).unwrap();
    assert_eq!(rows.len(), sessions.len() + 1);
    let supply_chain = sessions.iter().find(|s| s.title_ja.contains("サプライチェーン")).expect("the 1/14 session");
    let row = rows.iter().find(|r| r[2] == supply_chain.title_ja).expect("its row, text intact");
    assert_eq!(row[0], "2022-01-14");
    assert_eq!(row[5], "171", "reported participants");

    // Unknown tables are not found; non-organisers are refused.
    assert_eq!(organiser.get(app.url("/console/export/users")).send().await.unwrap().status(), 404);
    let vendor = app.client_signed_in_as("vendor@colapla.example").await;
    assert_eq!(vendor.get(app.url("/console/export/funnel")).send().await.unwrap().status(), 403);
}
