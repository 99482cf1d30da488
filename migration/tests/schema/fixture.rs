//! One row in every domain table, linked the way the application links them.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use entities::*;
use sea_orm_migration::sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, DatabaseConnection, DbErr, EntityTrait, IntoActiveModel,
};
use serde_json::json;
use uuid::Uuid;

/// A fixed instant with microseconds, the precision both backends keep.
pub fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 9, 0, 0).unwrap() + Duration::minutes(minutes) + Duration::microseconds(123_456)
}

pub fn day(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, day).unwrap()
}

/// Inserts `model` exactly as given and returns the row as the database gives it back.
pub async fn put<E>(db: &DatabaseConnection, model: E::Model) -> E::Model
where
    E: EntityTrait,
    E::Model: IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    put_checked::<E>(db, model).await.expect("insert")
}

/// Inserts `model` exactly as given, or says why the database refused it.
pub async fn put_checked<E>(db: &DatabaseConnection, model: E::Model) -> Result<E::Model, DbErr>
where
    E: EntityTrait,
    E::Model: IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    model.into_active_model().reset_all().insert(db).await
}

/// The rows [`seed`] wrote that tests refer to.
pub struct Fixture {
    pub vendor: organisation::Model,
    pub user_company: organisation::Model,
    pub vendor_user: app_user::Model,
    pub buyer: app_user::Model,
    pub product: product::Model,
    pub product_history: product_history::Model,
    pub session: wg_session::Model,
}

/// Inserts a model and checks that the database gives back exactly what it was given: every
/// type (UUID, enum, JSON, date, time with microseconds, option) survives the round trip.
macro_rules! insert_exact {
    ($db:expr, $module:ident, $model:expr) => {{
        let given: $module::Model = $model;
        let stored = put::<$module::Entity>($db, given.clone()).await;
        assert_eq!(stored, given, "`{}` round trip", stringify!($module));
        given
    }};
}

/// Like `insert_exact!` for tables with auto-increment ids: the database numbers the row.
macro_rules! insert_numbered {
    ($db:expr, $module:ident, $model:expr) => {{
        let given: $module::Model = $model;
        let mut row = given.clone().into_active_model().reset_all();
        row.id = NotSet;
        let stored = row.insert($db).await.expect(stringify!($module));
        assert!(stored.id > 0);
        assert_eq!(stored, $module::Model { id: stored.id, ..given }, "`{}` round trip", stringify!($module));
        stored
    }};
}

pub async fn seed(db: &DatabaseConnection) -> Fixture {
    let org = |kind, name: &str| organisation::Model {
        id: Uuid::now_v7(),
        kind,
        status: organisation::OrganisationStatus::Active,
        name: name.to_owned(),
        name_en: None,
        prefecture_code: Some(13),
        industry_code: Some("it".to_owned()),
        size_band_code: Some("small_medium".to_owned()),
        employees: Some(42),
        website: Some("https://example.jp/".to_owned()),
        description: Some("説明".to_owned()),
        created_at: at(0),
        updated_at: at(1),
    };
    let vendor = insert_exact!(db, organisation, org(organisation::OrganisationKind::Vendor, "ベンダー株式会社"));
    let user_company = insert_exact!(
        db,
        organisation,
        organisation::Model {
            name_en: Some("Buyer KK".to_owned()),
            prefecture_code: Some(47),
            industry_code: Some("manufacturing".to_owned()),
            size_band_code: Some("micro".to_owned()),
            employees: Some(5),
            ..org(organisation::OrganisationKind::UserCompany, "ユーザ企業株式会社")
        }
    );
    let verifier = insert_exact!(
        db,
        organisation,
        organisation::Model {
            prefecture_code: None,
            industry_code: None,
            size_band_code: None,
            employees: None,
            website: None,
            description: None,
            ..org(organisation::OrganisationKind::Verifier, "検証事業者")
        }
    );

    let user = |email: &str, locale| app_user::Model {
        id: Uuid::now_v7(),
        email: email.to_owned(),
        display_name: "山田 太郎".to_owned(),
        locale,
        time_zone: "Asia/Tokyo".to_owned(),
        created_at: at(2),
        updated_at: at(2),
        last_sign_in_at: Some(at(3)),
    };
    let vendor_user = insert_exact!(db, app_user, user("vendor@example.jp", app_user::Locale::Ja));
    let buyer = insert_exact!(
        db,
        app_user,
        app_user::Model { last_sign_in_at: None, ..user("buyer@example.jp", app_user::Locale::En) }
    );

    insert_exact!(
        db,
        identity_link,
        identity_link::Model {
            id: Uuid::now_v7(),
            user_id: buyer.id,
            provider: "google".to_owned(),
            subject: "1234567890".to_owned(),
            email: Some("buyer@example.jp".to_owned()),
            created_at: at(4),
        }
    );
    for (organisation_id, user_id, role) in [
        (vendor.id, vendor_user.id, membership::MembershipRole::Owner),
        (user_company.id, buyer.id, membership::MembershipRole::Admin),
    ] {
        insert_exact!(
            db,
            membership,
            membership::Model { id: Uuid::now_v7(), organisation_id, user_id, role, created_at: at(5) }
        );
    }

    let product = insert_exact!(
        db,
        product,
        product::Model {
            id: Uuid::now_v7(),
            organisation_id: vendor.id,
            name: "まもるUTM".to_owned(),
            description_ja: "小規模事業者向けUTM".to_owned(),
            description_en: Some("A UTM for small firms".to_owned()),
            strong_points_ja: "導入が簡単".to_owned(),
            strong_points_en: None,
            initial_yen: 0,
            monthly_yen: 9_800,
            per_device_monthly_yen: 1_500,
            deployment: product::Deployment::Appliance,
            nationwide: false,
            support_languages: "ja,en".to_owned(),
            website: None,
            ease_of_introduction: Some(5),
            ease_of_operation: Some(4),
            status: product::ProductStatus::Published,
            created_at: at(10),
            updated_at: at(11),
            published_at: Some(at(12)),
        }
    );
    for code in ["utm", "edr"] {
        insert_exact!(
            db,
            product_category,
            product_category::Model { product_id: product.id, category_code: code.to_owned() }
        );
    }
    for code in ["micro", "small"] {
        insert_exact!(
            db,
            product_size_band,
            product_size_band::Model { product_id: product.id, size_band_code: code.to_owned() }
        );
    }
    for code in [13, 14, 47] {
        insert_exact!(db, product_region, product_region::Model { product_id: product.id, prefecture_code: code });
    }
    let product_history = insert_exact!(
        db,
        product_history,
        product_history::Model {
            id: Uuid::now_v7(),
            product_id: product.id,
            actor_user_id: Some(vendor_user.id),
            action: "published".to_owned(),
            snapshot: json!({"name": "まもるUTM", "monthly_yen": 9800, "categories": ["utm", "edr"]}),
            at: at(12),
        }
    );
    insert_exact!(
        db,
        verification,
        verification::Model {
            id: Uuid::now_v7(),
            product_id: product.id,
            level: verification::VerificationLevel::Green,
            verifier_organisation_id: verifier.id,
            verified_on: day(4, 1),
            valid_until: day(12, 31),
            summary_ja: "有効性を確認".to_owned(),
            summary_en: None,
            evidence_url: Some("https://example.jp/report.pdf".to_owned()),
            fiscal_year: Some(2026),
            status: verification::VerificationStatus::Active,
            amended_reason: None,
            withdrawn_reason: None,
            recorded_by_user_id: None,
            created_at: at(13),
            updated_at: at(13),
        }
    );

    let need = insert_exact!(
        db,
        need,
        need::Model {
            id: Uuid::now_v7(),
            organisation_id: user_company.id,
            created_by_user_id: Some(buyer.id),
            title: "ランサムウェア対策をしたい".to_owned(),
            body: "社員5名、PC10台。".to_owned(),
            worries: "ransomware,telework".to_owned(),
            budget_initial_yen: 10_000,
            budget_monthly_yen: 100_000,
            employees: 5,
            devices: 10,
            prefecture_code: 47,
            industry_code: Some("manufacturing".to_owned()),
            keywords: "ランサムウェア UTM".to_owned(),
            visibility: need::NeedVisibility::Anonymous,
            status: need::NeedStatus::Open,
            deadline: Some(day(12, 1)),
            created_at: at(20),
            updated_at: at(20),
        }
    );
    insert_exact!(db, need_category, need_category::Model { need_id: need.id, category_code: "utm".to_owned() });
    let need_match = insert_exact!(
        db,
        need_match,
        need_match::Model {
            id: Uuid::now_v7(),
            need_id: need.id,
            product_id: product.id,
            score: 8_250,
            reasons: json!([{"code": "category", "categories": ["utm"]}, {"code": "budget", "headroom_yen": 75_200}]),
            state: need_match::MatchState::Adopted,
            user_interested_at: Some(at(21)),
            vendor_interested_at: Some(at(22)),
            introduced_at: Some(at(22)),
            state_changed_at: at(30),
            meeting_at: Some(at(25)),
            lead_mailed_at: Some(at(20)),
            created_at: at(20),
            updated_at: at(30),
        }
    );
    insert_exact!(
        db,
        case_study,
        case_study::Model {
            id: Uuid::now_v7(),
            match_id: Some(need_match.id),
            product_id: product.id,
            user_organisation_id: user_company.id,
            industry_code: Some("manufacturing".to_owned()),
            title_ja: "製造業A社の導入事例".to_owned(),
            body_ja: "導入の経緯".to_owned(),
            title_en: None,
            body_en: None,
            status: case_study::CaseStudyStatus::Published,
            approved_by_user_id: Some(buyer.id),
            approved_at: Some(at(40)),
            published_at: Some(at(41)),
            withdrawn_at: None,
            created_at: at(35),
            updated_at: at(41),
        }
    );

    let group = insert_exact!(
        db,
        working_group,
        working_group::Model {
            id: Uuid::now_v7(),
            kind: working_group::WorkingGroupKind::Regional,
            name_ja: "沖縄 地域SECURITY".to_owned(),
            name_en: Some("Okinawa regional security".to_owned()),
            description_ja: "地域のコミュニティ".to_owned(),
            description_en: None,
            region_code: Some("kyushu_okinawa".to_owned()),
            status: working_group::WorkingGroupStatus::Active,
            created_at: at(50),
            updated_at: at(50),
        }
    );
    insert_exact!(
        db,
        working_group_member,
        working_group_member::Model {
            id: Uuid::now_v7(),
            working_group_id: group.id,
            user_id: buyer.id,
            role: working_group_member::WorkingGroupRole::Moderator,
            created_at: at(51),
        }
    );
    let session = insert_exact!(
        db,
        wg_session,
        wg_session::Model {
            id: Uuid::now_v7(),
            working_group_id: group.id,
            title_ja: "第1回".to_owned(),
            title_en: None,
            description: None,
            starts_at: at(60),
            ends_at: at(150),
            capacity: 30,
            requires_approval: true,
            status: wg_session::SessionStatus::Scheduled,
            reported_participants: None,
            minutes_markdown: Some("# 議事録".to_owned()),
            minutes_published_at: None,
            created_at: at(52),
            updated_at: at(52),
        }
    );
    insert_exact!(
        db,
        agenda_item,
        agenda_item::Model {
            id: Uuid::now_v7(),
            session_id: session.id,
            position: 1,
            title_ja: "自己紹介".to_owned(),
            title_en: Some("Introductions".to_owned()),
            planned_minutes: 15,
        }
    );
    insert_exact!(
        db,
        session_registration,
        session_registration::Model {
            id: Uuid::now_v7(),
            session_id: session.id,
            user_id: vendor_user.id,
            role: session_registration::RegistrationRole::NotesTaker,
            status: session_registration::RegistrationStatus::Approved,
            attended_at: Some(at(61)),
            created_at: at(53),
            updated_at: at(54),
        }
    );

    let event = insert_exact!(
        db,
        matching_event,
        matching_event::Model {
            id: Uuid::now_v7(),
            organiser_organisation_id: verifier.id,
            title_ja: "商談会".to_owned(),
            title_en: Some("Business matching".to_owned()),
            description: None,
            time_zone: "Asia/Tokyo".to_owned(),
            starts_on: day(12, 10),
            ends_on: day(12, 11),
            slot_minutes: 30,
            day_start_time: "10:00".to_owned(),
            day_end_time: "17:00".to_owned(),
            breaks: json!([{"start": "12:00", "end": "13:00"}]),
            tables: 4,
            online: true,
            booking_opens_at: at(100),
            booking_closes_at: at(200),
            participation: matching_event::Participation::Open,
            who_meets_who: json!({"user_company": ["vendor"], "vendor": ["user_company"]}),
            request_limit: Some(10),
            status: matching_event::MatchingEventStatus::Published,
            created_at: at(90),
            updated_at: at(90),
        }
    );
    let participant = |organisation_id, user_id, role| event_participant::Model {
        id: Uuid::now_v7(),
        event_id: event.id,
        organisation_id,
        user_id,
        role,
        status: event_participant::ParticipantStatus::Registered,
        video_url: None,
        created_at: at(101),
    };
    let seller = insert_exact!(
        db,
        event_participant,
        participant(vendor.id, Some(vendor_user.id), event_participant::ParticipantRole::Vendor)
    );
    let asker = insert_exact!(
        db,
        event_participant,
        participant(user_company.id, None, event_participant::ParticipantRole::UserCompany)
    );
    let slot = insert_exact!(
        db,
        event_slot,
        event_slot::Model {
            id: Uuid::now_v7(),
            event_id: event.id,
            starts_at: at(1000),
            ends_at: at(1030),
            position: 1,
        }
    );
    let busy = insert_exact!(
        db,
        event_slot,
        event_slot::Model { id: Uuid::now_v7(), starts_at: at(1030), ends_at: at(1060), position: 2, ..slot.clone() }
    );
    insert_exact!(
        db,
        participant_unavailability,
        participant_unavailability::Model { participant_id: seller.id, slot_id: busy.id }
    );
    let request = insert_exact!(
        db,
        meeting_request,
        meeting_request::Model {
            id: Uuid::now_v7(),
            event_id: event.id,
            from_participant_id: asker.id,
            to_participant_id: seller.id,
            message: Some("お話を伺いたいです".to_owned()),
            must_meet: true,
            state: meeting_request::MeetingRequestState::Accepted,
            created_at: at(110),
            responded_at: Some(at(120)),
        }
    );
    insert_exact!(
        db,
        meeting,
        meeting::Model {
            id: Uuid::now_v7(),
            event_id: event.id,
            request_id: request.id,
            slot_id: Some(slot.id),
            table_no: Some(1),
            join_url: Some("https://meet.example.jp/abc".to_owned()),
            status: meeting::MeetingStatus::Held,
            outcome: Some(meeting::MeetingOutcome::Negotiating),
            created_at: at(210),
            updated_at: at(1100),
        }
    );

    insert_exact!(
        db,
        mail_preference,
        mail_preference::Model {
            user_id: buyer.id,
            leads: true,
            reminders: false,
            digests: true,
            unsubscribed_all_at: None,
            updated_at: at(300),
        }
    );

    // Tables with auto-increment ids: the database numbers the rows.
    insert_numbered!(
        db,
        room_event,
        room_event::Model {
            id: 0,
            room_id: format!("session:{}", session.id),
            seq: 1,
            kind: "chat".to_owned(),
            payload: json!({"text": "こんにちは"}),
            author_user_id: Some(vendor_user.id),
            created_at: at(62),
        }
    );
    insert_numbered!(
        db,
        outbox,
        outbox::Model {
            id: 0,
            idempotency_key: format!("need_match.introduced:{}", need_match.id),
            message_id: format!("<{}@colapla.example>", Uuid::now_v7()),
            template: "match_introduced".to_owned(),
            recipient_email: buyer.email.clone(),
            recipient_user_id: Some(buyer.id),
            locale: app_user::Locale::En,
            payload: json!({"product": "まもるUTM"}),
            essential: false,
            state: outbox::OutboxState::Pending,
            attempts: 0,
            next_attempt_at: at(22),
            lease_owner: None,
            lease_until: None,
            last_error: None,
            created_at: at(22),
            sent_at: None,
        }
    );
    insert_numbered!(
        db,
        audit_log,
        audit_log::Model {
            id: 0,
            at: at(13),
            actor_user_id: Some(vendor_user.id),
            actor_organisation_id: Some(verifier.id),
            action: "verification.recorded".to_owned(),
            object_type: "product".to_owned(),
            object_id: Some(product.id.to_string()),
            detail: json!({"level": "green"}),
            ip: Some("2001:db8::1".to_owned()),
        }
    );

    Fixture { vendor, user_company, vendor_user, buyer, product, product_history, session }
}
