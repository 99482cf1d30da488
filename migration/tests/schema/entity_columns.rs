//! Each entity's columns are exactly its table's columns, with the same nullability, and on
//! PostgreSQL the same types: the entities and the migrations describe one schema.

use entities::*;
use sea_orm_migration::sea_orm::{
    ColumnTrait, ColumnType, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, IdenStatic, Iterable,
    Statement, sea_query::StringLen,
};

use crate::support::{migrate_up, on_both_backends};

on_both_backends!(entities_match_tables);

async fn entities_match_tables(db: &DatabaseConnection) {
    migrate_up(db).await;
    check::<agenda_item::Entity>(db).await;
    check::<app_user::Entity>(db).await;
    check::<audit_log::Entity>(db).await;
    check::<case_study::Entity>(db).await;
    check::<category::Entity>(db).await;
    check::<company_size_band::Entity>(db).await;
    check::<event_participant::Entity>(db).await;
    check::<event_preference::Entity>(db).await;
    check::<event_slot::Entity>(db).await;
    check::<identity_link::Entity>(db).await;
    check::<invitation::Entity>(db).await;
    check::<industry::Entity>(db).await;
    check::<mail_preference::Entity>(db).await;
    check::<match_transition::Entity>(db).await;
    check::<matching_event::Entity>(db).await;
    check::<meeting::Entity>(db).await;
    check::<meeting_request::Entity>(db).await;
    check::<membership::Entity>(db).await;
    check::<need::Entity>(db).await;
    check::<need_category::Entity>(db).await;
    check::<need_match::Entity>(db).await;
    check::<oauth_flow::Entity>(db).await;
    check::<organisation::Entity>(db).await;
    check::<outbox::Entity>(db).await;
    check::<participant_unavailability::Entity>(db).await;
    check::<prefecture::Entity>(db).await;
    check::<product::Entity>(db).await;
    check::<product_category::Entity>(db).await;
    check::<product_history::Entity>(db).await;
    check::<product_region::Entity>(db).await;
    check::<product_size_band::Entity>(db).await;
    check::<region::Entity>(db).await;
    check::<room_event::Entity>(db).await;
    check::<session_registration::Entity>(db).await;
    check::<sign_in_token::Entity>(db).await;
    check::<verification::Entity>(db).await;
    check::<web_session::Entity>(db).await;
    check::<wg_session::Entity>(db).await;
    check::<working_group::Entity>(db).await;
    check::<working_group_member::Entity>(db).await;
}

/// One column as the database or the entity sees it.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Column {
    name: String,
    nullable: bool,
    /// PostgreSQL's `data_type` and `character_maximum_length`; `None` on SQLite.
    pg_type: Option<(String, Option<i32>)>,
}

async fn check<E: EntityTrait + Default>(db: &DatabaseConnection) {
    let table = E::default().table_name().to_owned();
    let backend = db.get_database_backend();

    let mut expected: Vec<Column> = E::Column::iter()
        .map(|column| {
            let def = column.def();
            Column {
                name: column.as_str().to_owned(),
                nullable: def.is_null(),
                pg_type: (backend == DbBackend::Postgres).then(|| pg_type(def.get_column_type())),
            }
        })
        .collect();
    expected.sort();
    let actual = table_columns(db, &table).await;
    assert_eq!(actual, expected, "columns of `{table}`");

    // Selecting every column of the entity works on the empty or seeded table.
    E::find().all(db).await.unwrap_or_else(|error| panic!("select from `{table}`: {error}"));
}

async fn table_columns(db: &DatabaseConnection, table: &str) -> Vec<Column> {
    let backend = db.get_database_backend();
    let statement = match backend {
        DbBackend::Sqlite => Statement::from_sql_and_values(
            backend,
            "SELECT name, \"notnull\" = 0 FROM pragma_table_info(?)",
            [table.into()],
        ),
        _ => Statement::from_sql_and_values(
            backend,
            "SELECT column_name::text, is_nullable = 'YES', data_type::text, \
             character_maximum_length::int4 \
             FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name = $1",
            [table.into()],
        ),
    };
    let rows = db.query_all_raw(statement).await.expect("table columns");
    let mut columns: Vec<Column> = rows
        .iter()
        .map(|row| Column {
            name: row.try_get_by_index(0).expect("name"),
            nullable: row.try_get_by_index(1).expect("nullable"),
            pg_type: (backend == DbBackend::Postgres)
                .then(|| (row.try_get_by_index(2).expect("data_type"), row.try_get_by_index(3).expect("length"))),
        })
        .collect();
    columns.sort();
    columns
}

/// How PostgreSQL's information schema names the type the entity declares.
fn pg_type(column_type: &ColumnType) -> (String, Option<i32>) {
    let (name, length) = match column_type {
        ColumnType::String(StringLen::N(length)) => {
            ("character varying", Some(i32::try_from(*length).expect("short length")))
        }
        ColumnType::Text => ("text", None),
        ColumnType::Uuid => ("uuid", None),
        ColumnType::TimestampWithTimeZone => ("timestamp with time zone", None),
        ColumnType::Date => ("date", None),
        ColumnType::Json => ("json", None),
        ColumnType::BigInteger => ("bigint", None),
        ColumnType::Integer => ("integer", None),
        ColumnType::SmallInteger => ("smallint", None),
        ColumnType::Boolean => ("boolean", None),
        other => panic!("column type {other:?} is not used by data model v1"),
    };
    (name.to_owned(), length)
}
