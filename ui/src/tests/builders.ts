// Plain data for canned replies, typed with the generated bindings: each builder fills in
// something harmless and the test overrides only what it is about. No builder knows a rule:
// a session's actions are whatever the test says they are, whatever its state.
import type { Availability } from '../lib/bindings/Availability';
import type { BeyondTrustSettings } from '../lib/bindings/BeyondTrustSettings';
import type { Board } from '../lib/bindings/Board';
import type { ChannelSummary } from '../lib/bindings/ChannelSummary';
import type { Directory } from '../lib/bindings/Directory';
import type { FieldSpec } from '../lib/bindings/FieldSpec';
import type { Integration } from '../lib/bindings/Integration';
import type { InvitePreview } from '../lib/bindings/InvitePreview';
import type { RemoteSessionRecord } from '../lib/bindings/RemoteSessionRecord';
import type { RemoteSupportSettings } from '../lib/bindings/RemoteSupportSettings';
import type { PageCursor } from '../lib/bindings/PageCursor';
import type { Session } from '../lib/bindings/Session';
import type { SessionActions } from '../lib/bindings/SessionActions';
import type { SessionDetail } from '../lib/bindings/SessionDetail';
import type { SessionPage } from '../lib/bindings/SessionPage';
import type { StateCounts } from '../lib/bindings/StateCounts';
import type { TeamStatus } from '../lib/bindings/TeamStatus';
import type { Technician } from '../lib/bindings/Technician';
import type { TemplatePreview } from '../lib/bindings/TemplatePreview';
import type { Ticket } from '../lib/bindings/Ticket';
import type { UnlinkedSession } from '../lib/bindings/UnlinkedSession';
import type { SyncroImportChoices } from '../lib/bindings/SyncroImportChoices';
import type { SyncroImportSettings } from '../lib/bindings/SyncroImportSettings';

export const AT = '2025-03-04T09:55:00Z';

export function technician(overrides: Partial<Technician> = {}): Technician {
  return { id: 'alex', name: 'Alex Morgan', email: 'alex@example.com', can_release: true, available: true, ...overrides };
}

export function counts(overrides: Partial<StateCounts> = {}): StateCounts {
  return { pending: 0, active: 0, in_queue: 0, expired: 0, closed: 0, ...overrides };
}

/** A page of a view's list as the core answers it: these sessions, their counts, no more pages. */
export function page(sessions: Session[], next: PageCursor | null = null): SessionPage {
  const c = counts();
  for (const s of sessions) c[s.state] += 1;
  return { sessions, counts: c, next };
}

export const HOME: ChannelSummary = {
  channel_ref: { kind: 'home' },
  name: 'Home',
  kind: null,
  counts: counts(),
  muted: false,
  settings: null,
  new_sessions: false,
};

export const PRIVATE: ChannelSummary = {
  channel_ref: { kind: 'private' },
  name: 'Private',
  kind: 'private',
  counts: counts(),
  muted: false,
  settings: { session_timeout_minutes: 60, members: [], private_sessions: true },
  new_sessions: true,
};

/** A shared channel. */
export function channel(id: string, name: string, overrides: Partial<ChannelSummary> = {}): ChannelSummary {
  return {
    channel_ref: { kind: 'channel', id },
    name,
    kind: 'shared',
    counts: counts(),
    muted: false,
    settings: { session_timeout_minutes: 60, members: [], private_sessions: false },
    new_sessions: true,
    ...overrides,
  };
}

export function board(overrides: Partial<Board> = {}): Board {
  const me = overrides.me ?? technician();
  return {
    me,
    technicians: [me],
    channels: [HOME, PRIVATE, channel('front', 'Front desk')],
    providers: [{ provider: 'splashtop', online: true, error: null, last_ok_at: AT, demo: false, rate_limited_until: null }],
    notifier: { sent: 0, failed: 0, last_error: null, last_error_at: null },
    pending_actions: 0,
    freshness: {
      open_sessions: 0,
      budget_per_minute: 180,
      asked_last_round: 0,
      deferred: 0,
      worst_staleness_secs: null,
      lagging: false,
    },
    settings: {
      current_technician: me.id,
      poll_interval_ms: 2000,
      poll_budget_per_minute: 180,
      default_channel: 'private',
    },
    demo: false,
    waiting: 0,
    title: 'Tether',
    ...overrides,
  };
}

export function session(id: string, overrides: Partial<Session> = {}): Session {
  return {
    id,
    channel_id: 'front',
    provider: 'splashtop',
    provider_session_id: `p-${id}`,
    customer_name: `Customer ${id}`,
    issue: 'Printer offline',
    code: '123456789',
    link: `https://example.invalid/session/${id}`,
    state: 'pending',
    provider_status: 'Waiting',
    permission: 'not_requested',
    assignee: 'alex',
    invited: [],
    created_by: 'alex',
    created_at: AT,
    updated_at: AT,
    state_changed_at: AT,
    ticket_id: null,
    ...overrides,
  };
}

export const yes: Availability = { available: true, reason: '' };

export function no(reason: string): Availability {
  return { available: false, reason };
}

/** Every action available unless the test says otherwise. */
export function actions(overrides: Partial<SessionActions> = {}): SessionActions {
  return {
    request_permission: yes,
    start_remote: yes,
    take: yes,
    release: yes,
    close: yes,
    delete: yes,
    assign: yes,
    assignees: [],
    invite: yes,
    invitees: [],
    transfer: yes,
    channels: [],
    seats_taken: 1,
    max_technicians: 3,
    end_user: null,
    ...overrides,
  };
}

export function detail(s: Session, can: Partial<SessionActions> = {}): SessionDetail {
  return { session: s, history: [], expires_at: null, actions: actions(can), ticket: null, pending: [], checked_at: null };
}

export function field(key: string, overrides: Partial<FieldSpec> = {}): FieldSpec {
  return { key, label: key, kind: 'text', required: true, placeholder: '', help: '', options: [], ...overrides };
}

export function integration(overrides: Partial<Integration> = {}): Integration {
  return {
    kind: 'splashtop',
    name: 'Splashtop',
    enabled: true,
    values: {},
    stored_secrets: [],
    fields: [field('base_url', { label: 'API address', kind: 'url' }), field('api_token', { label: 'API token', kind: 'secret' })],
    last_test: null,
    status: 'not_set_up',
    per_technician_oauth: false,
    oauth_explanation: null,
    keychain_unavailable: null,
    ...overrides,
  };
}

export function ticket(id: string, overrides: Partial<Ticket> = {}): Ticket {
  return {
    id,
    number: 1000,
    subject: 'Label printer prints blank pages',
    status: 'open',
    customer_id: 'northwind',
    customer_name: 'Northwind',
    end_user_name: 'Maria Anders',
    end_user_email: 'maria@northwind.example',
    type_id: null,
    assignee: null,
    asset_id: null,
    created_at: AT,
    updated_at: AT,
    ...overrides,
  };
}

export function directory(overrides: Partial<Directory> = {}): Directory {
  return { customers: [], teams: [], ticket_types: [], asset_types: [], launch_fields: [], ...overrides };
}

export function invitePreview(overrides: Partial<InvitePreview> = {}): InvitePreview {
  return {
    recipients: ['maria@northwind.example'],
    target: { channel_id: 'front', assignee: null, label: 'Front desk', fallback_reason: null },
    subject: 'Your remote support session',
    html: '<p>Open the link</p>',
    text: 'Open the link',
    cannot_send: null,
    ...overrides,
  };
}

export function remoteSupportSettings(overrides: Partial<RemoteSupportSettings> = {}): RemoteSupportSettings {
  return {
    quick_invites: true,
    invite_other_agents: false,
    fallback_to_default_team: false,
    default_team_id: null,
    default_user_id: null,
    templates: {
      email_subject: 'Remote support',
      email_html: '<p>$REMOTEINVITE</p>',
      remote_invite_html: '<p>$LINKTOREMOTE $REMOTESESSIONCODE</p>',
      chat_html: '<p>$LINKTOREMOTE</p>',
    },
    launch: {
      splashtop_primary_field: null,
      splashtop_secondary_field: null,
      splashtop_account: null,
      beyondtrust_jump: false,
    },
    ...overrides,
  };
}

export function templatePreview(overrides: Partial<TemplatePreview> = {}): TemplatePreview {
  return {
    subject: 'Remote support',
    email_html: '<p>sample</p>',
    email_text: 'sample',
    chat_html: '<p>chat sample</p>',
    problems: [],
    ...overrides,
  };
}

export function beyondtrustSettings(overrides: Partial<BeyondTrustSettings> = {}): BeyondTrustSettings {
  return { agents: [], teams: [], only_generated_keys: false, require_known_rep: false, key_ttl_minutes: 60, ...overrides };
}

export function remoteSession(id: string, overrides: Partial<RemoteSessionRecord> = {}): RemoteSessionRecord {
  return {
    id,
    provider: 'beyondtrust',
    provider_session_id: `bt-${id}`,
    status: 'unlinked',
    reason: null,
    ticket_id: null,
    chat_id: null,
    external_key: '',
    customer_name: 'Maria Anders',
    customer_host: 'NW-LAPTOP-7',
    rep_name: 'Alex Morgan',
    attributed_to: null,
    started_at: AT,
    ended_at: AT,
    duration_seconds: 600,
    transcript: '',
    time_source: 'provider',
    ...overrides,
  };
}

export function unlinked(record: RemoteSessionRecord, suggestions: Ticket[] = []): UnlinkedSession {
  return { session: record, suggestions };
}

export function syncroImportSettings(overrides: Partial<SyncroImportSettings> = {}): SyncroImportSettings {
  return {
    customers_as_new: false,
    customer_links: [],
    top_level_id: null,
    default_site: null,
    new_type_group: 'Syncro',
    match_syncro: { kind: 'serial' },
    match_local: { kind: 'inventory_number' },
    excluded_values: ['None'],
    field_mappings: [{ syncro: { kind: 'mac' }, field: { kind: 'field', key: 'mac_address' }, only_empty: false }],
    deactivate_deleted: false,
    sync_customers: false,
    sync_assets: false,
    ...overrides,
  };
}

export function syncroChoices(): SyncroImportChoices {
  return {
    syncro_fields: [
      { field: { kind: 'serial' }, label: 'Serial' },
      { field: { kind: 'mac' }, label: 'MAC address' },
    ],
    local_fields: [
      { field: { kind: 'inventory_number' }, label: 'Inventory number' },
      { field: { kind: 'field', key: 'mac_address' }, label: 'MAC address (MAC address)' },
    ],
  };
}

/** A desk in no team, unless the test says otherwise. */
export function teamStatus(overrides: Partial<TeamStatus> = {}): TeamStatus {
  return { server: null, technician: null, online: false, last_seq: 0, problem: null, queued: [], ...overrides };
}
