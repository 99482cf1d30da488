//! Rows in every table, and the entities' relations over them.

use entities::prelude::*;
use entities::{category, need_category, room_event};
use sea_orm_migration::sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, DatabaseConnection, EntityTrait, IntoActiveModel, ModelTrait, QueryOrder,
};
use serde_json::json;

use crate::fixture::{at, seed};
use crate::support::{migrate_up, on_both_backends};

on_both_backends!(every_table_round_trips, relations_follow_foreign_keys, room_events_are_numbered);

async fn every_table_round_trips(db: &DatabaseConnection) {
    migrate_up(db).await;
    seed(db).await;
}

async fn relations_follow_foreign_keys(db: &DatabaseConnection) {
    migrate_up(db).await;
    let fixture = seed(db).await;

    let vendor = fixture.product.find_related(Organisation).one(db).await.unwrap().unwrap();
    assert_eq!(vendor, fixture.vendor);

    // Many-to-many through the junction tables, both ways.
    let categories: Vec<String> = fixture
        .product
        .find_related(Category)
        .order_by_asc(category::Column::SortOrder)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.code)
        .collect();
    assert_eq!(categories, ["utm", "edr"]);
    let okinawa = Prefecture::find_by_id(47_i16).one(db).await.unwrap().unwrap();
    let served = okinawa.find_related(Product).all(db).await.unwrap();
    assert_eq!(served, std::slice::from_ref(&fixture.product));
    let micro = CompanySizeBand::find_by_id("micro").one(db).await.unwrap().unwrap();
    assert_eq!(micro.find_related(Product).all(db).await.unwrap().len(), 1);

    let utm = Category::find_by_id("utm").one(db).await.unwrap().unwrap();
    let needs = utm.find_related(Need).all(db).await.unwrap();
    assert_eq!(needs.len(), 1);
    assert_eq!(needs[0].organisation_id, fixture.user_company.id);
    assert_eq!(
        NeedCategory::find()
            .all(db)
            .await
            .unwrap()
            .iter()
            .map(|row: &need_category::Model| row.category_code.as_str())
            .collect::<Vec<_>>(),
        ["utm"]
    );

    let members = fixture.session.find_related(SessionRegistration).all(db).await.unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(members[0].user_id, fixture.vendor_user.id);
}

async fn room_events_are_numbered(db: &DatabaseConnection) {
    migrate_up(db).await;
    let fixture = seed(db).await;
    let room_id = format!("session:{}", fixture.session.id);
    let first = RoomEvent::find().one(db).await.unwrap().unwrap();

    let event = |seq| {
        let mut row = room_event::Model {
            id: 0,
            room_id: room_id.clone(),
            seq,
            kind: "hand_raised".to_owned(),
            payload: json!({}),
            author_user_id: None,
            created_at: at(70),
        }
        .into_active_model()
        .reset_all();
        row.id = NotSet;
        row
    };
    let second = event(2).insert(db).await.unwrap();
    assert!(second.id > first.id);
    assert!(event(2).insert(db).await.is_err(), "a room's sequence numbers are unique");
    // Another room starts its own sequence.
    let mut other = event(1);
    other.room_id = sea_orm_migration::sea_orm::Set(format!("{room_id}:group:2"));
    other.insert(db).await.unwrap();

    let seqs: Vec<i64> =
        RoomEvent::find().order_by_asc(room_event::Column::Id).all(db).await.unwrap().iter().map(|e| e.seq).collect();
    assert_eq!(seqs, [1, 2, 1]);
}
