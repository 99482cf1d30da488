use actix_web::web;
use serde::Serialize;
use uuid::Uuid;

use super::store;
use crate::http::{HttpError, RequestMeta};
use crate::state::AppState;
use crate::ui::Page;

#[derive(Debug, Serialize)]
struct SessionView {
    id: Uuid,
    title: String,
    starts_at: String,
    capacity: i32,
    participants: Option<i32>,
    past: bool,
}

#[derive(Debug, Serialize)]
struct GroupView {
    id: Uuid,
    kind: String,
    kind_label: String,
    name: String,
    description: String,
    region_name: Option<String>,
    sessions: Vec<SessionView>,
}

use super::view::pick;

pub async fn list(
    state: web::Data<AppState>,
    meta: RequestMeta,
    who: crate::identity::extract::MaybeSignedIn,
) -> Result<Page, HttpError> {
    let groups = store::active_groups(&state.db).await?;
    let now = chrono::Utc::now();
    let catalogs = state.templates.catalogs();
    let locale = meta.locale;
    let views: Vec<GroupView> = groups
        .into_iter()
        .map(|g| {
            let kind =
                serde_json::to_value(g.group.kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
            GroupView {
                id: g.group.id,
                kind_label: catalogs.text(locale, &format!("working_groups.kind.{kind}.name")),
                kind,
                name: pick(&g.group.name_ja, g.group.name_en.as_ref(), locale),
                description: pick(&g.group.description_ja, g.group.description_en.as_ref(), locale),
                region_name: g
                    .group
                    .region_code
                    .as_deref()
                    .and_then(|c| state.reference.region(c))
                    .map(|r| r.name(locale).to_owned()),
                sessions: g
                    .sessions
                    .into_iter()
                    .map(|s| SessionView {
                        id: s.id,
                        title: pick(&s.title_ja, s.title_en.as_ref(), locale),
                        starts_at: s.starts_at.to_rfc3339(),
                        capacity: s.capacity,
                        participants: s.reported_participants,
                        past: s.ends_at < now,
                    })
                    .collect(),
            }
        })
        .collect();
    let may_create = who.actor().is_some_and(|a| a.is_organiser());
    Ok(Page::new("pages/working_groups.html", serde_json::json!({ "groups": views, "may_create": may_create })))
}
