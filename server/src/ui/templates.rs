use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, ErrorKind, State};

use super::assets::TemplateFiles;
use crate::i18n::{Catalogs, DEFAULT_TIME_ZONE, Locale, format_date, format_datetime, format_yen};

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("template {name}: {source}")]
    Load { name: String, source: minijinja::Error },
    #[error("rendering {name}: {source:#}")]
    Render { name: String, source: minijinja::Error },
}

/// All page templates, compiled once at start-up, with the `t()` function and the `yen`, `date`
/// and `datetime` filters that read the page's `lang`.
pub struct Templates {
    env: Environment<'static>,
    catalogs: Arc<Catalogs>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates").field("count", &self.env.templates().count()).finish()
    }
}

fn page_locale(state: &State) -> Locale {
    state.lookup("lang").and_then(|v| v.as_str().and_then(Locale::from_tag)).unwrap_or_default()
}

impl Templates {
    pub fn load(catalogs: Arc<Catalogs>) -> Result<Self, TemplateError> {
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
        for name in TemplateFiles::iter() {
            let file = TemplateFiles::get(&name).map(|f| f.data.into_owned()).unwrap_or_default();
            let source = String::from_utf8_lossy(&file).into_owned();
            env.add_template_owned(name.to_string(), source)
                .map_err(|source| TemplateError::Load { name: name.to_string(), source })?;
        }

        let t_catalogs = Arc::clone(&catalogs);
        env.add_function("t", move |state: &State, key: &str, kwargs: Kwargs| -> Result<String, minijinja::Error> {
            let locale = page_locale(state);
            let mut args = Vec::new();
            for name in kwargs.args() {
                let value: Value = kwargs.get(name)?;
                args.push((name, value.to_string()));
            }
            kwargs.assert_all_used()?;
            Ok(t_catalogs.format(locale, key, &args))
        });
        env.add_filter("yen", |amount: i64| format_yen(amount));
        env.add_filter("date", |state: &State, value: &str| -> Result<String, minijinja::Error> {
            let date = NaiveDate::parse_from_str(value.get(..10).unwrap_or(value), "%Y-%m-%d")
                .map_err(|_| minijinja::Error::new(ErrorKind::InvalidOperation, format!("not a date: {value}")))?;
            Ok(format_date(date, page_locale(state)))
        });
        env.add_filter("datetime", |state: &State, value: &str| -> Result<String, minijinja::Error> {
            let at = DateTime::parse_from_rfc3339(value)
                .map_err(|_| minijinja::Error::new(ErrorKind::InvalidOperation, format!("not a time: {value}")))?
                .with_timezone(&Utc);
            let tz = state
                .lookup("time_zone")
                .and_then(|v| v.as_str().and_then(|s| s.parse().ok()))
                .unwrap_or(DEFAULT_TIME_ZONE);
            Ok(format_datetime(at, tz, page_locale(state)))
        });
        Ok(Self { env, catalogs })
    }

    pub fn catalogs(&self) -> &Catalogs {
        &self.catalogs
    }

    pub fn render(&self, name: &str, context: Value) -> Result<String, TemplateError> {
        let template =
            self.env.get_template(name).map_err(|source| TemplateError::Load { name: name.to_owned(), source })?;
        template.render(context).map_err(|source| TemplateError::Render { name: name.to_owned(), source })
    }

    /// Every template name, for tests that render them all.
    pub fn names(&self) -> Vec<String> {
        self.env.templates().map(|(name, _)| name.to_owned()).collect()
    }
}
