//! The demo workspace's technicians, so a new user can try every board action at once.

use tether_core::domain::Technician;
use tether_core::ports::{Store, StoreError};
use tether_store::SqliteStore;

pub(crate) async fn seed(store: &SqliteStore) -> Result<(), StoreError> {
    if !store.technicians().await?.is_empty() {
        return Ok(());
    }
    let people = [
        ("alex", "Alex Rivera", true),
        ("sam", "Sam Chen", true),
        ("priya", "Priya Patel", true),
        ("jordan", "Jordan Lee", false),
    ];
    for (id, name, can_release) in people {
        store
            .upsert_technician(&Technician {
                id: id.into(),
                name: name.into(),
                email: format!("{id}@demo.tether.invalid"),
                can_release,
            })
            .await?;
    }
    Ok(())
}
