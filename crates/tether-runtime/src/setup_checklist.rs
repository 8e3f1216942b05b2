//! The facts the setup checklist is decided from. They are the real workspace's, even
//! while the demo is open: the checklist is the way out of the demo.

use tether_core::domain::channel::ChannelKind;
use tether_core::domain::setup_checklist::{CardFact, SetupChecklist, SetupFacts};
use tether_core::ports::{DeskStore, Store};

use crate::{Runtime, RuntimeError};

impl Runtime {
    pub async fn setup_checklist(&self) -> Result<SetupChecklist, RuntimeError> {
        let store = self.parts.workspace_store.as_ref();
        let cards = self
            .integrations
            .list()
            .await?
            .into_iter()
            .map(|i| CardFact {
                kind: i.kind,
                name: i.name,
                enabled: i.enabled,
                status: i.status,
            })
            .collect();
        let shared: Vec<_> = Store::channels(store)
            .await?
            .into_iter()
            .filter(|c| c.kind == ChannelKind::Shared)
            .collect();
        let facts = SetupFacts {
            demo: self.workspace().kind == tether_core::domain::workspace::WorkspaceKind::Demo,
            cards,
            technicians: Store::technicians(store).await?.len(),
            shared_channels: shared.len(),
            channels_with_members: shared
                .iter()
                .filter(|c| !c.settings.members.is_empty())
                .count(),
            customers: DeskStore::customers(store).await?.len(),
        };
        Ok(SetupChecklist::from_facts(&facts))
    }
}
