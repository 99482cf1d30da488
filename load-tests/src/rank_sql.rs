//! The PostgreSQL baseline of the rank scenario: the catalogue in two plain tables, and each need
//! ranked by one SQL query with the same hard filters (current green/blue record, a shared
//! category, region, company size, cost for the devices within both budgets) and a crude score
//! (budget headroom, level, the first keyword found by LIKE). This is what "just ask the
//! database" costs, measured in the same run as the engine.

use chrono::NaiveDate;
use colapla::matching::engine::{NeedFacts, ProductFacts, SizeBand};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement, Value};

/// Rows a multi-row INSERT carries.
const BATCH: usize = 500;

pub struct SqlBaseline {
    db: DatabaseConnection,
    schema: String,
}

fn err(e: impl std::fmt::Display) -> String {
    format!("PostgreSQL baseline: {e}")
}

impl SqlBaseline {
    /// Loads `products` into a fresh schema of the database at `url`.
    pub async fn load(url: &str, products: &[ProductFacts]) -> Result<Self, String> {
        let db = Database::connect(url).await.map_err(err)?;
        let schema = format!("rank_baseline_{}", std::process::id());
        let baseline = Self { db, schema };
        let s = &baseline.schema;
        baseline
            .exec(&format!(
                "DROP SCHEMA IF EXISTS {s} CASCADE; CREATE SCHEMA {s};
                 CREATE TABLE {s}.product (id text PRIMARY KEY, categories bigint NOT NULL,
                   prefectures bigint NOT NULL, nationwide boolean NOT NULL, size_bands bigint NOT NULL,
                   initial_yen bigint NOT NULL, monthly_yen bigint NOT NULL, per_device_monthly_yen bigint NOT NULL,
                   description text NOT NULL);
                 CREATE TABLE {s}.verification (product_id text NOT NULL, level smallint NOT NULL,
                   verified_on date NOT NULL, valid_until date NOT NULL);"
            ))
            .await?;
        for chunk in products.chunks(BATCH) {
            let mut values = Vec::with_capacity(chunk.len() * 9);
            let mut rows = Vec::with_capacity(chunk.len());
            for p in chunk {
                let n = values.len();
                rows.push(format!(
                    "(${},${},${},${},${},${},${},${},${})",
                    n + 1,
                    n + 2,
                    n + 3,
                    n + 4,
                    n + 5,
                    n + 6,
                    n + 7,
                    n + 8,
                    n + 9
                ));
                let categories: i64 = p.categories.iter().map(|c| i64::from(c.bit())).fold(0, |a, b| a | b);
                let prefectures: i64 = p.prefectures.iter().map(|c| 1_i64 << (i64::from(*c) - 1)).fold(0, |a, b| a | b);
                let bands: i64 = p.size_bands.iter().map(|b| i64::from(b.bit())).fold(0, |a, b| a | b);
                values.extend([
                    Value::from(p.id.0.clone()),
                    categories.into(),
                    prefectures.into(),
                    p.nationwide.into(),
                    bands.into(),
                    p.pricing.initial_yen.into(),
                    p.pricing.monthly_yen.into(),
                    p.pricing.per_device_monthly_yen.into(),
                    format!("{} {}", p.description_ja, p.strong_points_ja).into(),
                ]);
            }
            let sql = format!("INSERT INTO {s}.product VALUES {}", rows.join(","));
            baseline
                .db
                .execute_raw(Statement::from_sql_and_values(DbBackend::Postgres, sql, values))
                .await
                .map_err(err)?;
        }
        let records: Vec<(&ProductFacts, _)> =
            products.iter().flat_map(|p| p.verifications.iter().map(move |v| (p, v))).collect();
        for chunk in records.chunks(BATCH) {
            let mut values = Vec::with_capacity(chunk.len() * 4);
            let mut rows = Vec::with_capacity(chunk.len());
            for (p, v) in chunk {
                let n = values.len();
                rows.push(format!("(${},${},${},${})", n + 1, n + 2, n + 3, n + 4));
                // Only green (1) and blue (2) count; other levels are stored as 0 and never match.
                let level: i16 = match v.level.code() {
                    "blue" => 2,
                    "green" => 1,
                    _ => 0,
                };
                let level = if v.withdrawn { 0 } else { level };
                values.extend([Value::from(p.id.0.clone()), level.into(), v.verified_on.into(), v.valid_until.into()]);
            }
            let sql = format!("INSERT INTO {s}.verification VALUES {}", rows.join(","));
            baseline
                .db
                .execute_raw(Statement::from_sql_and_values(DbBackend::Postgres, sql, values))
                .await
                .map_err(err)?;
        }
        baseline
            .exec(&format!(
                "CREATE INDEX ON {s}.verification (product_id, valid_until); ANALYZE {s}.product; ANALYZE {s}.verification;"
            ))
            .await?;
        Ok(baseline)
    }

    async fn exec(&self, sql: &str) -> Result<(), String> {
        self.db.execute_unprepared(sql).await.map(|_| ()).map_err(err)
    }

    /// The top `k` product ids for `need` (wanted categories as a bit mask) on `today`.
    pub async fn rank(&self, need: &NeedFacts, wanted: i64, k: usize, today: NaiveDate) -> Result<Vec<String>, String> {
        let s = &self.schema;
        let band = i64::from(SizeBand::of_employees(need.employees).bit());
        let prefecture = 1_i64 << (i64::from(need.prefecture.clamp(1, 47)) - 1);
        let keyword = need.keywords.split_whitespace().next().map(|w| format!("%{w}%")).unwrap_or_default();
        let sql = format!(
            "SELECT p.id,
                    5000 * ($1 - (p.monthly_yen + p.per_device_monthly_yen * $2)) / GREATEST($1, 1)
                    + 1000 * v.best
                    + CASE WHEN $3 <> '' AND p.description LIKE $3 THEN 5000 ELSE 0 END AS score
             FROM {s}.product p
             JOIN LATERAL (SELECT max(level) AS best FROM {s}.verification r
                           WHERE r.product_id = p.id AND r.level > 0 AND r.verified_on <= $4 AND r.valid_until >= $4) v
               ON v.best IS NOT NULL
             WHERE (p.categories & $5) <> 0
               AND (p.nationwide OR (p.prefectures & $6) <> 0)
               AND (p.size_bands = 0 OR (p.size_bands & $7) <> 0)
               AND p.initial_yen <= $8
               AND p.monthly_yen + p.per_device_monthly_yen * $2 <= $1
             ORDER BY score DESC, p.id
             LIMIT $9"
        );
        let values: Vec<Value> = vec![
            need.budget_monthly_yen.into(),
            i64::from(need.devices).into(),
            keyword.into(),
            today.into(),
            wanted.into(),
            prefecture.into(),
            band.into(),
            need.budget_initial_yen.into(),
            i64::try_from(k).unwrap_or(10).into(),
        ];
        let rows = self
            .db
            .query_all_raw(Statement::from_sql_and_values(DbBackend::Postgres, sql, values))
            .await
            .map_err(err)?;
        rows.iter().map(|r| r.try_get::<String>("", "id").map_err(err)).collect()
    }

    /// Drops the schema.
    pub async fn drop(self) -> Result<(), String> {
        self.exec(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.schema)).await
    }
}
