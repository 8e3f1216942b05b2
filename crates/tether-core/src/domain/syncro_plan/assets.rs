//! SY3, SY4, SY6: each Syncro asset's customer, type and local asset, its mapped fields, and
//! what Syncro deleted.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::{row, ImportKind, ImportPlan, PlannedWrite, RowAction};
use crate::domain::asset::{Asset, AssetFieldKind, AssetFieldSpec, AssetType, Platform};
use crate::domain::directory::Customer;
use crate::domain::syncro::{LocalField, SyncroAsset, SyncroField, SyncroImportSettings};

/// What the asset plan reads of the desk.
pub struct AssetIndex<'a> {
    pub customers: &'a [Customer],
    pub types: &'a [AssetType],
    pub assets: &'a [Asset],
}

/// SY3 / SY4: each Syncro asset's customer (a link, an imported customer, else the default
/// site), its type (by name, else a new one under the chosen group), and the local asset it
/// is (the Syncro id first, then the matching field unless its value is excluded), with the
/// mapped fields normalised by their kind. With `complete` (a full list, not changes since a
/// time) and the admin's choice, assets deleted in Syncro are deactivated (SY6).
pub fn plan_assets(
    settings: &SyncroImportSettings,
    index: &AssetIndex<'_>,
    source: &[SyncroAsset],
    complete: bool,
) -> ImportPlan {
    let mut plan = ImportPlan::new(ImportKind::Assets, source.len());
    // A mapping into a field the asset's type lacks: said once per type, with how often.
    let mut missing_fields: BTreeMap<(String, String, String), u32> = BTreeMap::new();
    let customer_of_syncro: HashMap<i64, &Customer> = index
        .customers
        .iter()
        .filter_map(|c| c.syncro_id.map(|s| (s, c)))
        .collect();
    let customers_by_id: HashMap<&str, &Customer> =
        index.customers.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut types: HashMap<String, AssetType> = index
        .types
        .iter()
        .map(|t| (t.name.to_lowercase(), t.clone()))
        .collect();
    let asset_by_syncro: HashMap<i64, usize> = index
        .assets
        .iter()
        .enumerate()
        .filter_map(|(i, a)| a.syncro_id.map(|s| (s, i)))
        .collect();
    let mut by_match: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, a) in index.assets.iter().enumerate() {
        let v = match_key(&settings.match_local, a);
        if !settings.is_excluded(&v) {
            by_match.entry(v).or_default().push(i);
        }
    }
    // Specs new types get: each mapped field as an existing type defines it.
    let target_specs = mapping_specs(settings, index.types);
    // A local asset is one Syncro asset's, whichever Syncro asset reached it first.
    let mut claimed: HashMap<usize, i64> = HashMap::new();
    let mut seen: HashSet<i64> = HashSet::with_capacity(source.len());

    for s in source {
        seen.insert(s.id);
        // Its customer.
        let link = settings
            .customer_links
            .iter()
            .find(|l| Some(l.syncro_customer_id) == s.customer_id);
        let (customer_id, site_id, placed) =
            match (link, s.customer_id.and_then(|c| customer_of_syncro.get(&c))) {
                (Some(l), _) => (l.customer_id.clone(), l.site_id.clone(), None),
                (None, Some(c)) => (c.id.clone(), None, None),
                (None, None) => match &settings.default_site {
                    Some(d) => (
                        d.customer_id.clone(),
                        d.site_id.clone(),
                        Some(format!(
                            "its Syncro customer {} is not imported: the default site",
                            s.customer_id.map_or("—".into(), |c| c.to_string())
                        )),
                    ),
                    None => {
                        plan.skip(
                            s.id,
                            &s.name,
                            format!(
                                "its Syncro customer {} is neither imported nor mapped, and no \
                                 default site is set",
                                s.customer_id.map_or("—".into(), |c| c.to_string())
                            ),
                        );
                        continue;
                    }
                },
            };
        // The local asset it is.
        let how;
        let matched: Option<usize> = if let Some(&i) = asset_by_syncro.get(&s.id) {
            how = format!("matched by Syncro id {}", s.id);
            Some(i)
        } else {
            let raw = settings.match_syncro.value_of(s);
            let value = match_value(&settings.match_syncro, &raw);
            if settings.is_excluded(&raw) {
                how = if raw.is_empty() {
                    format!("no {} to match by", settings.match_syncro.label())
                } else {
                    format!(
                        "{} '{}' is excluded from matching",
                        settings.match_syncro.label(),
                        raw
                    )
                };
                None
            } else {
                let candidates: Vec<usize> = by_match
                    .get(&value)
                    .map(|v| {
                        v.iter()
                            .copied()
                            .filter(|i| index.assets[*i].syncro_id.is_none())
                            .collect()
                    })
                    .unwrap_or_default();
                match candidates.as_slice() {
                    [] => {
                        how = format!(
                            "no asset here has {} '{}'",
                            settings.match_syncro.label(),
                            raw
                        );
                        None
                    }
                    [one] => match claimed.get(one) {
                        Some(first) => {
                            plan.skip(
                                s.id,
                                &s.name,
                                format!(
                                    "{} '{}' also belongs to Syncro asset {}, which matched {} \
                                         first: match this one by hand",
                                    settings.match_syncro.label(),
                                    raw,
                                    first,
                                    index.assets[*one].name
                                ),
                            );
                            continue;
                        }
                        None => {
                            how = format!("matched by {} '{}'", settings.match_syncro.label(), raw);
                            Some(*one)
                        }
                    },
                    many => {
                        plan.skip(
                            s.id,
                            &s.name,
                            format!(
                                "{} '{}' is on {} assets here ({}): match it by hand",
                                settings.match_syncro.label(),
                                raw,
                                many.len(),
                                many.iter()
                                    .take(3)
                                    .map(|i| index.assets[*i].name.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        );
                        continue;
                    }
                }
            }
        };
        if let Some(i) = matched {
            claimed.insert(i, s.id);
        }
        let current = matched.map(|i| &index.assets[i]);
        // The default site is for assets that have no place yet: one placed here stays put.
        let (customer_id, site_id, placed) = match (current, placed) {
            (Some(c), Some(_)) => match &c.customer_id {
                Some(own) => (own.clone(), c.site_id.clone(), None),
                None => (customer_id, site_id, Some("the default site".to_string())),
            },
            (_, placed) => (customer_id, site_id, placed),
        };
        // Its type: an asset already here keeps the desk's own type (changing it would drop
        // fields someone filled in); a new one gets Syncro's, by name, else a new type.
        let mut new_type = None;
        let existing_type = current.and_then(|c| index.types.iter().find(|t| t.id == c.type_id));
        let asset_type = match existing_type {
            Some(t) => t.clone(),
            None => {
                let type_key = if s.asset_type.trim().is_empty() {
                    "syncro device".to_string()
                } else {
                    s.asset_type.trim().to_lowercase()
                };
                match types.get(&type_key) {
                    Some(t) => t.clone(),
                    None => {
                        let name = if s.asset_type.trim().is_empty() {
                            "Syncro Device".to_string()
                        } else {
                            s.asset_type.trim().to_string()
                        };
                        let t = AssetType {
                            id: unique_type_id(&name, index.types, &plan.new_types),
                            name: name.clone(),
                            fields: target_specs.clone(),
                            group: Some(settings.new_type_group.clone()),
                        };
                        types.insert(type_key, t.clone());
                        plan.new_types.push(t.clone());
                        new_type = Some(format!(
                            "new type '{}' under {}",
                            name, settings.new_type_group
                        ));
                        t
                    }
                }
            }
        };
        let mut warnings = Vec::new();
        let desired = desired_asset(
            settings,
            s,
            current,
            &asset_type,
            customer_id,
            site_id,
            &mut warnings,
            &mut missing_fields,
        );
        let mut notes: Vec<String> = Vec::new();
        if let Some(p) = placed {
            notes.push(p);
        }
        if let Some(t) = new_type {
            notes.push(t);
        }
        let customer_name = customers_by_id
            .get(desired.customer_id.as_deref().unwrap_or_default())
            .map_or("", |c| c.name.as_str());
        match current {
            None => {
                let mut reason = format!("new: {how}");
                if !customer_name.is_empty() {
                    reason.push_str(&format!("; for {customer_name}"));
                }
                for n in notes {
                    reason.push_str("; ");
                    reason.push_str(&n);
                }
                let mut r = row(s.id, &s.name, RowAction::Create, reason);
                r.target_id = Some(desired.id.clone());
                r.warnings = warnings;
                plan.push(r, Some(PlannedWrite::Asset(desired)));
            }
            Some(current) => {
                let changes = asset_changes(current, &desired, &asset_type);
                let mut reason = how;
                for n in notes {
                    reason.push_str("; ");
                    reason.push_str(&n);
                }
                let mut r = row(s.id, &s.name, RowAction::Update, reason);
                r.target_id = Some(current.id.clone());
                r.warnings = warnings;
                if changes.is_empty() {
                    r.action = RowAction::Skip;
                    r.reason.push_str("; nothing changed");
                    plan.push(r, None);
                } else {
                    r.changes = changes;
                    plan.push(r, Some(PlannedWrite::Asset(desired)));
                }
            }
        }
    }
    for ((label, type_name, key), n) in missing_fields {
        plan.notes.push(format!(
            "{label} is mapped to the field {key}, which the type {type_name} does not have: \
             left out for {n} asset{}",
            if n == 1 { "" } else { "s" }
        ));
    }
    if complete && settings.deactivate_deleted {
        for a in index.assets {
            let Some(id) = a.syncro_id else { continue };
            if a.active && !seen.contains(&id) {
                let mut r = row(
                    id,
                    &a.name,
                    RowAction::Update,
                    "deleted in Syncro: deactivated here",
                );
                r.target_id = Some(a.id.clone());
                r.changes = vec!["inactive".into()];
                plan.push(
                    r,
                    Some(PlannedWrite::Asset(Asset {
                        active: false,
                        ..a.clone()
                    })),
                );
            }
        }
    }
    plan
}

/// `syncro-<name>`, made unique among the desk's types and those this plan creates (two
/// names may share a slug, and a name of no Latin letter has none).
fn unique_type_id(name: &str, existing: &[AssetType], planned: &[AssetType]) -> String {
    let base = match slug(name) {
        s if s.is_empty() => "syncro-type".to_string(),
        s => format!("syncro-{s}"),
    };
    let taken = |id: &str| existing.iter().chain(planned).any(|t| t.id == id);
    let mut id = base.clone();
    let mut n = 2;
    while taken(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

fn slug(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The local side of the matching pair, compared the way its kind stores it.
fn match_key(field: &LocalField, a: &Asset) -> String {
    let raw = match field {
        LocalField::Name => a.name.as_str(),
        LocalField::InventoryNumber => a.inventory_number.as_str(),
        LocalField::Field(key) => a.fields.get(key).map_or("", String::as_str),
    };
    raw.trim().to_lowercase()
}

/// The Syncro side, compared like the local side: a MAC address whatever its separators.
fn match_value(field: &SyncroField, raw: &str) -> String {
    match field {
        SyncroField::Mac => crate::domain::mac::normalise_mac(raw)
            .unwrap_or_else(|_| raw.to_string())
            .to_lowercase(),
        _ => raw.trim().to_lowercase(),
    }
}

/// The field specs a type made by the import gets: each mapped field as an existing type
/// defines it, else a MAC address for MAC values and text for the rest.
fn mapping_specs(settings: &SyncroImportSettings, types: &[AssetType]) -> Vec<AssetFieldSpec> {
    let mut specs: Vec<AssetFieldSpec> = Vec::new();
    for m in &settings.field_mappings {
        let LocalField::Field(key) = &m.field else {
            continue;
        };
        if specs.iter().any(|s| &s.key == key) {
            continue;
        }
        let existing = types
            .iter()
            .flat_map(|t| t.fields.iter())
            .find(|f| &f.key == key)
            .cloned();
        specs.push(existing.unwrap_or_else(|| AssetFieldSpec {
            key: key.clone(),
            label: m.syncro.label(),
            kind: if m.syncro == SyncroField::Mac {
                AssetFieldKind::MacAddress
            } else {
                AssetFieldKind::Text
            },
            options: Vec::new(),
        }));
    }
    specs
}

fn platform_of(s: &SyncroAsset) -> Option<Platform> {
    let os = format!("{} {}", s.os, s.asset_type).to_lowercase();
    if os.contains("android") {
        Some(Platform::Android)
    } else if os.contains("windows") {
        Some(Platform::Windows)
    } else if os.contains("macos") || os.contains("mac os") || os.contains("os x") {
        Some(Platform::Mac)
    } else if os.contains("ios") || os.contains("ipad") || os.contains("iphone") {
        Some(Platform::Ios)
    } else if os.contains("linux") || os.contains("ubuntu") {
        Some(Platform::Linux)
    } else {
        None
    }
}

#[allow(clippy::too_many_arguments)]
fn desired_asset(
    settings: &SyncroImportSettings,
    s: &SyncroAsset,
    current: Option<&Asset>,
    asset_type: &AssetType,
    customer_id: String,
    site_id: Option<String>,
    warnings: &mut Vec<String>,
    missing_fields: &mut BTreeMap<(String, String, String), u32>,
) -> Asset {
    let mut a = match current {
        Some(c) => c.clone(),
        None => Asset {
            id: format!("syncro-{}", s.id),
            name: String::new(),
            customer_id: None,
            customer_name: String::new(),
            type_id: String::new(),
            inventory_number: String::new(),
            platform: Platform::Other,
            fields: Default::default(),
            syncro_id: None,
            active: true,
            site_id: None,
        },
    };
    let new = current.is_none();
    // A name typed here is kept when the admin asked for "only empty fields" on the name.
    let keep_name = !new
        && settings
            .field_mappings
            .iter()
            .any(|m| m.field == LocalField::Name && m.only_empty)
        && !a.name.is_empty();
    if !keep_name {
        a.name = s.name.trim().to_string();
    }
    // Another customer's site is not this customer's.
    if a.customer_id.as_deref() != Some(customer_id.as_str()) {
        a.site_id = None;
    }
    a.customer_id = Some(customer_id);
    a.site_id = site_id.or(a.site_id);
    a.type_id = asset_type.id.clone();
    a.syncro_id = Some(s.id);
    a.active = true;
    if let Some(p) = platform_of(s) {
        a.platform = p;
    }
    for m in &settings.field_mappings {
        let raw = m.syncro.value_of(s);
        if settings.is_excluded(&raw) {
            continue;
        }
        match &m.field {
            LocalField::Name => {
                if new || !m.only_empty || a.name.is_empty() {
                    a.name = raw;
                }
            }
            LocalField::InventoryNumber => {
                if new || !m.only_empty || a.inventory_number.is_empty() {
                    a.inventory_number = raw;
                }
            }
            LocalField::Field(key) => {
                let Some(spec) = asset_type.fields.iter().find(|f| &f.key == key) else {
                    *missing_fields
                        .entry((
                            capitalised(&m.syncro.label()),
                            asset_type.name.clone(),
                            key.clone(),
                        ))
                        .or_default() += 1;
                    continue;
                };
                let empty_here = a.fields.get(key).is_none_or(|v| v.is_empty());
                if !new && m.only_empty && !empty_here {
                    continue;
                }
                match spec.normalise(&raw) {
                    Ok(v) => {
                        a.fields.insert(key.clone(), v);
                    }
                    Err(e) => warnings.push(format!("{e}; left as it was")),
                }
            }
        }
    }
    // Fields of another type do not survive a change of type.
    a.fields
        .retain(|k, _| asset_type.fields.iter().any(|f| &f.key == k));
    a
}

fn asset_changes(current: &Asset, desired: &Asset, t: &AssetType) -> Vec<String> {
    let mut out = Vec::new();
    let diff = |out: &mut Vec<String>, label: &str, from: &str, to: &str| {
        if from != to {
            out.push(match (from.is_empty(), to.is_empty()) {
                (true, _) => format!("{label}: {to}"),
                (false, true) => format!("{label}: {from} → (empty)"),
                _ => format!("{label}: {from} → {to}"),
            });
        }
    };
    diff(&mut out, "name", &current.name, &desired.name);
    diff(
        &mut out,
        "customer",
        current.customer_id.as_deref().unwrap_or_default(),
        desired.customer_id.as_deref().unwrap_or_default(),
    );
    diff(
        &mut out,
        "site",
        current.site_id.as_deref().unwrap_or_default(),
        desired.site_id.as_deref().unwrap_or_default(),
    );
    diff(&mut out, "type", &current.type_id, &desired.type_id);
    diff(
        &mut out,
        "inventory number",
        &current.inventory_number,
        &desired.inventory_number,
    );
    if current.platform != desired.platform {
        out.push(format!(
            "platform: {:?} → {:?}",
            current.platform, desired.platform
        ));
    }
    let label = |key: &str| {
        t.fields
            .iter()
            .find(|f| f.key == key)
            .map_or(key.to_string(), |f| f.label.clone())
    };
    let keys: std::collections::BTreeSet<&String> =
        current.fields.keys().chain(desired.fields.keys()).collect();
    for k in keys {
        let from = current.fields.get(k).map_or("", String::as_str);
        let to = desired.fields.get(k).map_or("", String::as_str);
        diff(&mut out, &label(k), from, to);
    }
    if current.syncro_id != desired.syncro_id {
        out.push(format!(
            "linked to Syncro asset {}",
            desired.syncro_id.unwrap_or_default()
        ));
    }
    if current.active != desired.active {
        out.push(if desired.active {
            "active again".into()
        } else {
            "inactive".into()
        });
    }
    out
}

use crate::sentence::capitalised;
