//! SY2: which local customer each Syncro customer is, or that it is new.

use std::collections::HashMap;

use super::{row, ImportKind, ImportPlan, PlannedWrite, RowAction};
use crate::domain::directory::Customer;
use crate::domain::syncro::{SyncroCustomer, SyncroImportSettings};

/// SY2: hand-made links first, then the Syncro id, then (unless everything is imported as
/// new) an exactly equal name that only one customer on each side has; else a new customer.
pub fn plan_customers(
    settings: &SyncroImportSettings,
    local: &[Customer],
    source: &[SyncroCustomer],
) -> ImportPlan {
    let mut plan = ImportPlan::new(ImportKind::Customers, source.len());
    let by_id: HashMap<&str, &Customer> = local.iter().map(|c| (c.id.as_str(), c)).collect();
    // Customers a hand-made link names answer to that link only: the Syncro id they may still
    // hold from an earlier match does not draw another Syncro customer to them.
    let mut link_targets: HashMap<&str, Vec<i64>> = HashMap::new();
    for l in settings
        .customer_links
        .iter()
        .filter(|l| l.site_id.is_none())
    {
        link_targets
            .entry(l.customer_id.as_str())
            .or_default()
            .push(l.syncro_customer_id);
    }
    let by_syncro: HashMap<i64, &Customer> = local
        .iter()
        .filter(|c| !link_targets.contains_key(c.id.as_str()))
        .filter_map(|c| c.syncro_id.map(|s| (s, c)))
        .collect();
    let mut local_names: HashMap<&str, Vec<&Customer>> = HashMap::new();
    for c in local {
        local_names.entry(c.name.as_str()).or_default().push(c);
    }
    let mut source_names: HashMap<&str, Vec<i64>> = HashMap::new();
    for c in source {
        source_names.entry(c.name.as_str()).or_default().push(c.id);
    }
    // A local customer answers for one Syncro customer only.
    let mut claimed: HashMap<String, i64> = HashMap::new();
    for link in &settings.customer_links {
        claimed.insert(link.customer_id.clone(), link.syncro_customer_id);
    }

    for s in source {
        let link = settings
            .customer_links
            .iter()
            .find(|l| l.syncro_customer_id == s.id);
        if let Some(link) = link {
            let Some(target) = by_id.get(link.customer_id.as_str()) else {
                plan.skip(
                    s.id,
                    &s.name,
                    format!(
                        "mapped by hand to customer {}, which is not on this desk any more: fix \
                             the mapping",
                        link.customer_id
                    ),
                );
                continue;
            };
            if let Some(site_id) = &link.site_id {
                let site = target
                    .sites
                    .iter()
                    .find(|x| &x.id == site_id)
                    .map_or(site_id.as_str(), |x| x.name.as_str());
                let mut r = row(
                    s.id,
                    &s.name,
                    RowAction::Skip,
                    format!(
                        "mapped by hand to the site {site} of {}: its assets go there",
                        target.name
                    ),
                );
                r.target_id = Some(target.id.clone());
                plan.push(r, None);
                continue;
            }
            let sharing = &link_targets[target.id.as_str()];
            if sharing.len() > 1 {
                // Several Syncro customers are one customer here: the links place their assets;
                // no single Syncro id can stand for it.
                let mut r = row(
                    s.id,
                    &s.name,
                    RowAction::Skip,
                    format!(
                        "mapped by hand to {}, with Syncro customers {}: its assets go there",
                        target.name,
                        sharing
                            .iter()
                            .map(|i| i.to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
                r.target_id = Some(target.id.clone());
                plan.push(r, None);
                continue;
            }
            // Another customer still linked to this Syncro id (an earlier match) lets go of it
            // first, in the same write.
            for other in local
                .iter()
                .filter(|c| c.syncro_id == Some(s.id) && c.id != target.id)
            {
                let mut r = row(
                    s.id,
                    &other.name,
                    RowAction::Update,
                    format!(
                        "Syncro customer {} is mapped by hand to {}: unlinked here",
                        s.id, target.name
                    ),
                );
                r.target_id = Some(other.id.clone());
                r.changes = vec![format!("no longer linked to Syncro customer {}", s.id)];
                plan.push(
                    r,
                    Some(PlannedWrite::Customer(Customer {
                        syncro_id: None,
                        ..other.clone()
                    })),
                );
            }
            // Hand-mapped: the desk's own name stays.
            let desired = Customer {
                syncro_id: Some(s.id),
                active: !s.disabled,
                ..(*target).clone()
            };
            plan_customer_update(
                &mut plan,
                s,
                target,
                desired,
                format!("mapped by hand to {}", target.name),
            );
            continue;
        }
        if let Some(target) = by_syncro.get(&s.id) {
            let desired = Customer {
                name: s.name.clone(),
                active: !s.disabled,
                ..(*target).clone()
            };
            plan_customer_update(
                &mut plan,
                s,
                target,
                desired,
                format!("matched by Syncro id {}", s.id),
            );
            continue;
        }
        if !settings.customers_as_new {
            let twins = &source_names[s.name.as_str()];
            if twins.len() > 1 {
                plan.skip(
                    s.id,
                    &s.name,
                    format!(
                        "{} Syncro customers are named '{}' ({}): mapped by hand only",
                        twins.len(),
                        s.name,
                        twins
                            .iter()
                            .map(|i| i.to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
                continue;
            }
            let candidates: Vec<&&Customer> = local_names
                .get(s.name.as_str())
                .map(|v| v.iter().filter(|c| c.syncro_id.is_none()).collect())
                .unwrap_or_default();
            match candidates.as_slice() {
                [one] if !claimed.contains_key(&one.id) => {
                    claimed.insert(one.id.clone(), s.id);
                    let desired = Customer {
                        syncro_id: Some(s.id),
                        active: !s.disabled,
                        ..(**one).clone()
                    };
                    plan_customer_update(
                        &mut plan,
                        s,
                        one,
                        desired,
                        format!("matched by name '{}'", s.name),
                    );
                    continue;
                }
                [one] => {
                    plan.skip(
                        s.id,
                        &s.name,
                        format!(
                            "named like {}, which is mapped to Syncro customer {}: map this \
                                 one by hand",
                            one.name, claimed[&one.id]
                        ),
                    );
                    continue;
                }
                [] => {}
                many => {
                    plan.skip(
                        s.id,
                        &s.name,
                        format!(
                            "{} customers on this desk are named '{}': mapped by hand only",
                            many.len(),
                            s.name
                        ),
                    );
                    continue;
                }
            }
        }
        let created = Customer {
            id: format!("syncro-{}", s.id),
            name: s.name.clone(),
            sites: Vec::new(),
            end_users: Vec::new(),
            syncro_id: Some(s.id),
            active: !s.disabled,
            parent_id: settings.top_level_id.clone(),
        };
        let mut r = row(
            s.id,
            &s.name,
            RowAction::Create,
            match (&settings.top_level_id, s.disabled) {
                (_, true) => "new; disabled in Syncro, so imported inactive".to_string(),
                (Some(top), false) => format!(
                    "new, under {}",
                    by_id
                        .get(top.as_str())
                        .map_or(top.as_str(), |c| c.name.as_str())
                ),
                (None, false) if settings.customers_as_new => {
                    "new (everything is imported as new)".into()
                }
                (None, false) => "new: no customer here has this name".into(),
            },
        );
        r.target_id = Some(created.id.clone());
        plan.push(r, Some(PlannedWrite::Customer(created)));
    }
    plan
}

fn plan_customer_update(
    plan: &mut ImportPlan,
    s: &SyncroCustomer,
    current: &Customer,
    desired: Customer,
    why: String,
) {
    let mut changes = Vec::new();
    if desired.name != current.name {
        changes.push(format!("name: {} → {}", current.name, desired.name));
    }
    if desired.syncro_id != current.syncro_id {
        changes.push(format!("linked to Syncro customer {}", s.id));
    }
    if desired.active != current.active {
        changes.push(if desired.active {
            "active again".into()
        } else {
            "inactive: disabled in Syncro".into()
        });
    }
    let mut r = row(s.id, &s.name, RowAction::Update, why);
    r.target_id = Some(current.id.clone());
    if changes.is_empty() {
        r.action = RowAction::Skip;
        r.reason = format!("{}; nothing changed", r.reason);
        plan.push(r, None);
    } else {
        r.changes = changes;
        plan.push(r, Some(PlannedWrite::Customer(desired)));
    }
}
