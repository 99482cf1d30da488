//! Unique, foreign-key and check constraints hold on both backends, and deletes cascade,
//! restrict or set null as the schema says.

use entities::prelude::*;
use entities::{app_user, meeting_request, need, need_match, product};
use sea_orm_migration::sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, ModelTrait, PaginatorTrait, QueryFilter,
};
use uuid::Uuid;

use crate::fixture::{put_checked, seed};
use crate::support::{migrate_up, on_both_backends};

on_both_backends!(constraints_hold, deletes_follow_the_schema);

async fn constraints_hold(db: &DatabaseConnection) {
    migrate_up(db).await;
    let fixture = seed(db).await;

    // app_user.email is unique.
    let twin = app_user::Model { id: Uuid::now_v7(), ..fixture.vendor_user.clone() };
    assert!(put_checked::<AppUser>(db, twin).await.is_err(), "duplicate email");

    // A need must name a real prefecture.
    let need = Need::find().one(db).await.unwrap().unwrap();
    let nowhere = need::Model { id: Uuid::now_v7(), prefecture_code: 99, ..need.clone() };
    assert!(put_checked::<Need>(db, nowhere).await.is_err(), "unknown prefecture");

    // One match a need and product.
    let matched = NeedMatch::find().one(db).await.unwrap().unwrap();
    let again = need_match::Model { id: Uuid::now_v7(), ..matched };
    assert!(put_checked::<NeedMatch>(db, again).await.is_err(), "duplicate match");

    // Checks: ease is 1..=5, money is not negative.
    let hard = product::Model { id: Uuid::now_v7(), ease_of_introduction: Some(6), ..fixture.product.clone() };
    assert!(put_checked::<Product>(db, hard).await.is_err(), "ease 6");
    let paid = product::Model { id: Uuid::now_v7(), monthly_yen: -1, ..fixture.product.clone() };
    assert!(put_checked::<Product>(db, paid).await.is_err(), "negative yen");
    let fine = product::Model { id: Uuid::now_v7(), ease_of_introduction: None, ..fixture.product.clone() };
    assert!(put_checked::<Product>(db, fine).await.is_ok(), "ease may be unknown");

    // Nobody requests a meeting with themselves.
    let request = MeetingRequest::find().one(db).await.unwrap().unwrap();
    let selfish =
        meeting_request::Model { id: Uuid::now_v7(), to_participant_id: request.from_participant_id, ..request };
    assert!(put_checked::<MeetingRequest>(db, selfish).await.is_err(), "self request");
}

async fn deletes_follow_the_schema(db: &DatabaseConnection) {
    migrate_up(db).await;
    let fixture = seed(db).await;

    // RESTRICT: an organisation with products stays.
    assert!(fixture.vendor.clone().delete(db).await.is_err());
    assert!(Organisation::find_by_id(fixture.vendor.id).one(db).await.unwrap().is_some());

    // CASCADE: a session takes its agenda and registrations with it.
    assert_eq!(AgendaItem::find().count(db).await.unwrap(), 1);
    fixture.session.clone().delete(db).await.unwrap();
    assert_eq!(AgendaItem::find().count(db).await.unwrap(), 0);
    assert_eq!(SessionRegistration::find().count(db).await.unwrap(), 0);

    // SET NULL and CASCADE: a deleted user leaves the product history anonymous and
    // their memberships gone.
    fixture.vendor_user.clone().delete(db).await.unwrap();
    let history = ProductHistory::find_by_id(fixture.product_history.id).one(db).await.unwrap().unwrap();
    assert_eq!(history.actor_user_id, None);
    assert_eq!(
        Membership::find()
            .filter(entities::membership::Column::UserId.eq(fixture.vendor_user.id))
            .count(db)
            .await
            .unwrap(),
        0
    );
    assert!(AppUser::find_by_id(fixture.buyer.id).one(db).await.unwrap().is_some());
}
