//! Settings → Remote support (IN1, IN5, IN7, IN8, UA1, UA2): the admin's choices, kept as
//! one JSON value in the cache, and the template editor's live preview.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::template::{self, Format, TemplateProblem, Values};
use crate::domain::{InviteTemplates, RemoteSupportSettings};
use crate::error::CoreError;

use super::{Context, Invitations};

const KEY: &str = "remote_support";

/// The preview beside the editor, with every problem found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct TemplatePreview {
    pub subject: String,
    pub email_html: String,
    pub email_text: String,
    pub chat_html: String,
    /// By template: `email_subject`, `email_html`, `remote_invite_html`, `chat_html`.
    pub problems: Vec<(String, Vec<TemplateProblem>)>,
}

/// What the preview shows in place of a session that does not exist yet.
pub(crate) const SAMPLE_LINK: &str = "https://support.example.com/s/SAMPLE";
pub(crate) const SAMPLE_CODE: &str = "123456789";

impl Context {
    pub(crate) async fn remote_support_settings(&self) -> Result<RemoteSupportSettings, CoreError> {
        self.json_setting(KEY, "remote-support").await
    }
}

impl Invitations {
    /// IN1, IN5, IN7, IN8, UA1, UA2 as saved.
    pub async fn remote_support_settings(&self) -> Result<RemoteSupportSettings, CoreError> {
        self.ctx.remote_support_settings().await
    }

    /// Saves the settings if they hold together: a default team that exists, templates
    /// without unknown variables, launch fields named.
    pub async fn save_remote_support_settings(
        &self,
        settings: RemoteSupportSettings,
    ) -> Result<(), CoreError> {
        if let Some(team) = &settings.default_team_id {
            if !self.ctx.store.teams().await?.iter().any(|t| &t.id == team) {
                return Err(CoreError::NotFound {
                    what: "team",
                    id: team.clone(),
                });
            }
        }
        if let Some(user) = &settings.default_user_id {
            self.ctx.technician(user).await?;
        }
        if let Some(account) = &settings.launch.splashtop_account {
            if !crate::domain::invitation::is_email(account.trim()) {
                return Err(CoreError::Invalid(format!(
                    "the Splashtop account {account:?} is not an email address"
                )));
            }
        }
        let asset_types = self.ctx.store.asset_types().await?;
        for key in [
            &settings.launch.splashtop_primary_field,
            &settings.launch.splashtop_secondary_field,
        ]
        .into_iter()
        .flatten()
        {
            crate::domain::launch::check_launch_field(key, &asset_types)?;
        }
        let problems = template_problems(&settings.templates);
        if let Some((name, list)) = problems.first() {
            return Err(CoreError::Invalid(format!(
                "{}: {}",
                template_label(name),
                list[0].message
            )));
        }
        self.ctx.set_json_setting(KEY, &settings).await
    }

    /// IN5: the editor's live preview, with sample values.
    pub fn preview_templates(&self, templates: &InviteTemplates) -> TemplatePreview {
        let rendered = render_invite(templates, SAMPLE_LINK, SAMPLE_CODE);
        TemplatePreview {
            subject: rendered.subject,
            email_html: rendered.html,
            email_text: rendered.text,
            chat_html: rendered.chat_html,
            problems: template_problems(templates),
        }
    }
}

pub(crate) struct RenderedInvite {
    pub subject: String,
    pub html: String,
    pub text: String,
    pub chat_html: String,
}

pub(crate) fn render_invite(t: &InviteTemplates, link: &str, code: &str) -> RenderedInvite {
    let values = Values {
        link,
        code,
        remote_invite: &t.remote_invite_html,
    };
    let html = template::render(&t.email_html, Format::Html, &values);
    RenderedInvite {
        subject: template::render(&t.email_subject, Format::Text, &values)
            .replace(['\r', '\n'], " "),
        text: template::html_to_text(&html),
        html,
        chat_html: template::render(&t.chat_html, Format::Html, &values),
    }
}

fn template_problems(t: &InviteTemplates) -> Vec<(String, Vec<TemplateProblem>)> {
    [
        ("email_subject", &t.email_subject, false),
        ("email_html", &t.email_html, false),
        ("remote_invite_html", &t.remote_invite_html, true),
        ("chat_html", &t.chat_html, false),
    ]
    .into_iter()
    .filter_map(|(name, text, inner)| {
        let p = template::problems(text, inner);
        (!p.is_empty()).then(|| (name.to_string(), p))
    })
    .collect()
}

fn template_label(name: &str) -> &'static str {
    match name {
        "email_subject" => "the email subject",
        "email_html" => "the email body",
        "remote_invite_html" => "the $REMOTEINVITE paragraph",
        _ => "the chat message",
    }
}
