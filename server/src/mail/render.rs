//! Turning an outbox row into a message: subject, plain text and HTML (multipart/alternative)
//! rendered from `web/templates/mail/` with the page templates' `t()` in the recipient's language,
//! and the headers: the row's own Message-ID, and for non-essential mail the RFC 8058 one-click
//! `List-Unsubscribe` pair. `.txt` templates are not HTML-escaped, `.html` ones are (minijinja
//! chooses by file extension).

use std::sync::Arc;

use entities::outbox;
use lettre::Message;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use minijinja::Value;

use super::outbox::locale_of;
use super::templates::MailTemplate;
use super::{MailError, SecretKey, unsubscribe};
use crate::config::Config;
use crate::i18n::Locale;
use crate::ui::Templates;

/// A mail's rendered text, before it becomes a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedMail {
    pub subject: String,
    pub text: String,
    pub html: String,
}

#[derive(Debug)]
pub struct Renderer {
    templates: Arc<Templates>,
    base_url: url::Url,
    from: Mailbox,
    key: Arc<SecretKey>,
}

impl Renderer {
    pub fn new(config: &Config, templates: Arc<Templates>, key: Arc<SecretKey>) -> Result<Self, MailError> {
        let from = config.mail_from.parse().map_err(|e| MailError::Sender(format!("not a mailbox: {e}")))?;
        Ok(Self { templates, base_url: config.base_url.clone(), from, key })
    }

    /// Renders `template` for a reader of `locale`. `unsubscribe_url` is shown in the footer of
    /// non-essential mail.
    pub fn render_parts(
        &self,
        template: MailTemplate,
        locale: Locale,
        payload: &serde_json::Value,
        unsubscribe_url: Option<&str>,
    ) -> Result<RenderedMail, MailError> {
        let mut context = match payload {
            serde_json::Value::Object(map) => map.clone(),
            _ => serde_json::Map::new(),
        };
        // Ours win over the payload's: a payload cannot change the language or the links.
        context.insert("lang".to_owned(), locale.as_str().into());
        context.insert("base_url".to_owned(), self.base_url.as_str().trim_end_matches('/').into());
        context.insert("unsubscribe_url".to_owned(), unsubscribe_url.into());
        let context = Value::from(minijinja::value::Serde(&context));
        let render = |name: String| {
            self.templates.render(&name, context.clone()).map_err(|e| MailError::Template(e.to_string()))
        };
        let subject = render(template.subject_file())?.split_whitespace().collect::<Vec<_>>().join(" ");
        Ok(RenderedMail { subject, text: render(template.text_file())?, html: render(template.html_file())? })
    }

    /// The message for an outbox row. An error here is permanent: the same row renders the same way.
    pub fn message(&self, row: &outbox::Model) -> Result<Message, MailError> {
        let template = MailTemplate::find(&row.template)?;
        let unsubscribe_url = match (row.essential, row.recipient_user_id) {
            (false, Some(user_id)) => Some(unsubscribe::url(&self.base_url, &self.key, user_id)),
            _ => None,
        };
        let locale = locale_of(row.locale);
        let parts = self.render_parts(template, locale, &row.payload, unsubscribe_url.as_deref())?;
        let to = row.recipient_email.parse().map_err(|_| MailError::InvalidRecipient)?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(None, to))
            .subject(parts.subject)
            .message_id(Some(row.message_id.clone()))
            .date_now()
            .raw_header(header("Content-Language", locale.as_str()))
            // RFC 3834: machine-written, so auto-responders stay quiet.
            .raw_header(header("Auto-Submitted", "auto-generated"));
        if let Some(url) = unsubscribe_url {
            builder = builder
                .raw_header(header("List-Unsubscribe", &format!("<{url}>")))
                .raw_header(header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"));
        }
        builder
            .multipart(MultiPart::alternative_plain_html(parts.text, parts.html))
            .map_err(|e| MailError::Template(format!("building the message: {e}")))
    }
}

fn header(name: &'static str, value: &str) -> HeaderValue {
    HeaderValue::new(HeaderName::new_from_ascii_str(name), value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::RawSettings;
    use crate::mail::templates::ALL;

    fn renderer() -> Renderer {
        let catalogs = Arc::new(crate::ui::load_catalogs().unwrap());
        let templates = Arc::new(Templates::load(catalogs).unwrap());
        let config = Config::from_raw(RawSettings::default()).unwrap();
        Renderer::new(&config, templates, Arc::new(SecretKey::from_text("0123456789abcdef0123456789abcdef"))).unwrap()
    }

    /// Every required field set to text that must be escaped in HTML; fields that choose a
    /// message (`kind`, `from_side`) or hold lists get a valid value of their own shape.
    fn sample_payload(template: MailTemplate) -> serde_json::Value {
        const TEXT: &str = "<b>value & more</b>";
        let mut payload = serde_json::Map::new();
        for field in template.required {
            let value = match *field {
                "kind" => "meeting_tomorrow".into(),
                "from_side" => "vendor".into(),
                "reasons" => serde_json::json!([TEXT]),
                "contacts" => serde_json::json!([{ "name": TEXT, "email": "a@example.jp" }]),
                "leads" => serde_json::json!([{
                    "need_title": TEXT, "firm_name": null, "product_name": TEXT, "reasons": [TEXT], "link": "http://x/m"
                }]),
                _ => TEXT.into(),
            };
            payload.insert((*field).to_owned(), value);
        }
        serde_json::Value::Object(payload)
    }

    #[test]
    fn every_template_renders_in_both_languages_without_missing_messages() {
        let renderer = renderer();
        for template in ALL {
            for locale in Locale::ALL {
                let parts = renderer
                    .render_parts(*template, locale, &sample_payload(*template), Some("http://x/mail/unsubscribe"))
                    .unwrap_or_else(|e| panic!("{} {locale:?}: {e}", template.name));
                for (part, text) in [("subject", &parts.subject), ("text", &parts.text), ("html", &parts.html)] {
                    assert!(!text.trim().is_empty(), "{} {locale:?} {part} is empty", template.name);
                    // A missing catalog key renders as the key itself.
                    assert!(!text.contains("mail."), "{} {locale:?} {part} misses a message: {text}", template.name);
                }
                assert!(parts.text.contains("<b>value & more</b>"), "plain text is not escaped");
                // (minijinja also escapes `/`, as `&#x2f;`.)
                assert!(parts.html.contains("&lt;b&gt;value &amp; more&lt;"), "HTML is escaped: {}", parts.html);
            }
        }
    }

    #[test]
    fn the_sign_in_mail_carries_its_link_in_japanese_and_english() {
        let renderer = renderer();
        let link = "https://colapla.example.jp/login/email/verify?token=abc&x=1";
        let payload = serde_json::json!({ "link": link, "expires_minutes": 15 });
        let ja = renderer.render_parts(crate::mail::templates::MAGIC_LINK, Locale::Ja, &payload, None).unwrap();
        let en = renderer.render_parts(crate::mail::templates::MAGIC_LINK, Locale::En, &payload, None).unwrap();
        assert!(ja.text.contains(link), "plain text keeps the link as it is");
        assert!(ja.html.contains("verify?token=abc&amp;x=1\""), "{}", ja.html);
        assert!(ja.text.contains("15") && en.text.contains("15"));
        assert_ne!(ja.subject, en.subject);
        assert!(!ja.subject.contains('\n'));
    }
}
