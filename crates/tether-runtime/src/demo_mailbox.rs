//! The demo workspace's email account: every message is accepted and kept in memory for the
//! demo's *Mailbox*, so an invitation in the demo reaches somewhere a person can read it.

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::Utc;
use tether_core::domain::demo_mail::DemoMail;
use tether_core::ports::{MailError, Mailer, OutgoingMail};

/// The newest this many messages are kept.
const KEEP: usize = 200;

#[derive(Clone, Default)]
pub(crate) struct DemoMailbox {
    mails: Arc<Mutex<Vec<DemoMail>>>,
}

impl DemoMailbox {
    /// Newest first.
    pub(crate) fn mails(&self) -> Vec<DemoMail> {
        let mut all = self.mails.lock().unwrap_or_else(|p| p.into_inner()).clone();
        all.reverse();
        all
    }
}

#[async_trait]
impl Mailer for DemoMailbox {
    async fn ready(&self) -> Result<(), MailError> {
        Ok(())
    }

    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        let mut mails = self.mails.lock().unwrap_or_else(|p| p.into_inner());
        mails.push(DemoMail {
            to: mail.to.clone(),
            subject: mail.subject.clone(),
            text: mail.text.clone(),
            at: Utc::now(),
        });
        if mails.len() > KEEP {
            let extra = mails.len() - KEEP;
            mails.drain(..extra);
        }
        Ok(())
    }
}
