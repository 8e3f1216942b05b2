// The demo's ticket desk: the customers, teams, types, assets and tickets the core's demo
// imports (crates/tether-runtime/src/demo_desk.json) and the remote-support settings it saves
// (demo.rs), so the browser preview and the tests see the same desk as the demo workspace.
// BeyondTrust's side is the sandbox appliance's (crates/tether-sandbox/src/beyondtrust.rs):
// the same reps and teams, Priya not logged in to the rep console.
import type { BeyondTrustSeed, DeskSeed } from './backend-memory';
import type { Asset } from './bindings/Asset';
import type { AssetType } from './bindings/AssetType';
import type { Customer } from './bindings/Customer';
import type { Team } from './bindings/Team';
import type { Ticket } from './bindings/Ticket';
import type { TicketStatus } from './bindings/TicketStatus';
import type { TicketType } from './bindings/TicketType';
import { formatTranscript, type ChatLine } from './desk-rules';

export const DEMO_CUSTOMERS: Customer[] = [
  {
    id: 'northwind',
    name: 'Northwind Traders',
    sites: [
      { id: 'northwind-hq', name: 'Head office' },
      { id: 'northwind-wh', name: 'Warehouse' },
    ],
    end_users: [
      { id: 'nw-maria', name: 'Maria Anders', email: 'maria.anders@northwind.example', site_id: 'northwind-hq' },
      { id: 'nw-tom', name: 'Tom Hardy', email: 'tom.hardy@northwind.example', site_id: 'northwind-wh' },
    ],
  },
  {
    id: 'contoso',
    name: 'Contoso Dental',
    sites: [{ id: 'contoso-main', name: 'Main practice' }],
    end_users: [{ id: 'co-ana', name: 'Ana Trujillo', email: 'ana@contoso-dental.example', site_id: 'contoso-main' }],
  },
  {
    id: 'fabrikam',
    name: 'Fabrikam Legal',
    sites: [],
    end_users: [{ id: 'fa-lee', name: 'Lee Wong', email: 'lee.wong@fabrikam.example', site_id: null }],
  },
];

export const DEMO_TEAMS: Team[] = [
  { id: 'helpdesk', name: 'Helpdesk', channel_id: 'splashtop-1', members: ['alex', 'sam', 'priya'] },
  { id: 'escalations', name: 'Escalations', channel_id: 'splashtop-2', members: ['sam', 'jordan'] },
];

export const DEMO_TICKET_TYPES: TicketType[] = [
  { id: 'incident', name: 'Incident', send_invite_on_create: false, invite_target: { kind: 'default' } },
  { id: 'remote', name: 'Remote support request', send_invite_on_create: true, invite_target: { kind: 'default' } },
];

export const COMPUTER: AssetType = {
  id: 'computer',
  name: 'Computer',
  fields: [
    { key: 'mac_address', label: 'MAC address', kind: 'mac_address', options: [] },
    { key: 'splashtop_uuid', label: 'Splashtop device ID', kind: 'text', options: [] },
    { key: 'ip_address', label: 'IP address', kind: 'text', options: [] },
    { key: 'os', label: 'Operating system', kind: 'text', options: [] },
    { key: 'form_factor', label: 'Form factor', kind: 'dropdown', options: ['Desktop', 'Laptop', 'Tablet', 'Phone'] },
    { key: 'purchased', label: 'Purchased', kind: 'date', options: [] },
    { key: 'under_warranty', label: 'Under warranty', kind: 'checkbox', options: [] },
    { key: 'notes', label: 'Notes', kind: 'text_area', options: [] },
  ],
};

/** As imported: the memory backend normalises the fields by their kind, as the import does. */
export const DEMO_ASSETS: Asset[] = [
  {
    id: 'nw-pc-0042',
    name: 'NW-PC-0042',
    customer_id: 'northwind',
    customer_name: '',
    type_id: 'computer',
    inventory_number: 'PC-0042',
    platform: 'windows',
    fields: {
      mac_address: '3c-52-82-1a-4f-07',
      splashtop_uuid: '8F4C2E1B-6A7D-4E39-9C0B-2D5F7A1E3B64',
      ip_address: '10.0.4.42',
      os: 'Windows 11 Pro 24H2',
      form_factor: 'Desktop',
      purchased: '2024-03-18',
      under_warranty: 'true',
      notes: 'Front desk PC; label printer attached.\nReboot before printing tests.',
    },
  },
  {
    id: 'nw-lt-0107',
    name: 'NW-LT-0107',
    customer_id: 'northwind',
    customer_name: '',
    type_id: 'computer',
    inventory_number: 'LT-0107',
    platform: 'mac',
    fields: {
      mac_address: 'a4:83:e7:10:22:9b',
      ip_address: '10.0.4.107',
      os: 'macOS 15',
      form_factor: 'Laptop',
      purchased: '2025-01-09',
      under_warranty: 'true',
    },
  },
  {
    id: 'co-rec-01',
    name: 'CO-RECEPTION',
    customer_id: 'contoso',
    customer_name: '',
    type_id: 'computer',
    inventory_number: 'CD-0001',
    platform: 'windows',
    fields: { mac_address: '00155D0A1B2C', os: 'Windows 10 Pro', form_factor: 'Desktop', under_warranty: 'false' },
  },
  {
    id: 'co-tab-03',
    name: 'CO-TABLET-03',
    customer_id: 'contoso',
    customer_name: '',
    type_id: 'computer',
    inventory_number: 'CD-0031',
    platform: 'android',
    fields: { mac_address: 'f8:1a:67:33:90:c1', os: 'Android 15', form_factor: 'Tablet' },
  },
  {
    id: 'fa-srv-01',
    name: 'FA-FILESRV',
    customer_id: 'fabrikam',
    customer_name: '',
    type_id: 'computer',
    inventory_number: 'FL-SRV-01',
    platform: 'linux',
    fields: {
      ip_address: '192.168.10.5',
      os: 'Debian 12',
      form_factor: 'Desktop',
      notes: 'No MAC on record: jump by inventory number.',
    },
  },
];

interface TicketSpec {
  number: number;
  subject: string;
  customer: string;
  endUser: [name: string, email: string];
  status?: TicketStatus;
  assignee?: string;
  asset?: string;
  /** How long ago it was created (and last changed). */
  minutesAgo: number;
}

const TICKETS: TicketSpec[] = [
  { number: 1039, subject: 'Replace the warehouse scanner battery', customer: 'northwind', endUser: ['Tom Hardy', 'tom.hardy@northwind.example'], status: 'resolved', minutesAgo: 3 * 24 * 60 },
  { number: 1042, subject: 'Label printer prints blank pages', customer: 'northwind', endUser: ['Maria Anders', 'maria.anders@northwind.example'], asset: 'nw-pc-0042', minutesAgo: 95 },
  { number: 1043, subject: 'Outlook keeps asking for the password', customer: 'northwind', endUser: ['Tom Hardy', 'tom.hardy@northwind.example'], status: 'in_progress', assignee: 'sam', minutesAgo: 80 },
  { number: 1044, subject: 'New starter needs the practice software', customer: 'contoso', endUser: ['Ana Trujillo', 'ana@contoso-dental.example'], asset: 'co-rec-01', minutesAgo: 52 },
  { number: 1045, subject: 'Tablet will not join the Wi-Fi', customer: 'contoso', endUser: ['Ana Trujillo', 'ana@contoso-dental.example'], status: 'waiting', asset: 'co-tab-03', minutesAgo: 31 },
  { number: 1046, subject: 'File server share is read-only', customer: 'fabrikam', endUser: ['Lee Wong', 'lee.wong@fabrikam.example'], asset: 'fa-srv-01', minutesAgo: 12 },
];

/**
 * Agents for the demo technicians; Helpdesk is the default team and Escalations is listed but
 * off. Priya is not logged in to BeyondTrust, so an invitation to her shows IN8's fallback, and
 * one finished session waits to be linked: its key was made outside Tether, so it named no ticket.
 */
export function demoBeyondTrust(now: number = Date.now()): BeyondTrustSeed {
  const at = (minutesAgo: number, seconds = 0) => new Date(now - minutesAgo * 60_000 + seconds * 1000).toISOString();
  const chat: ChatLine[] = [
    [at(40, 5), 'Sam Chen', 'Hi Maria, I can see your screen now.'],
    [at(40, 31), 'Maria Anders', 'The label printer is the one on the left.'],
    [at(36, 10), 'Sam Chen', 'The driver was stuck; I reinstalled it. Can you print a test page?'],
    [at(28, 20), 'Maria Anders', 'It printed. Thank you!'],
  ];
  return {
    settings: {
      agents: [
        { technician_id: 'alex', enabled: true, display_name: 'Alex Rivera' },
        { technician_id: 'sam', enabled: true, display_name: 'Sam Chen' },
        { technician_id: 'priya', enabled: true, display_name: 'Priya Patel' },
        { technician_id: 'jordan', enabled: true, display_name: 'Jordan Lee' },
      ],
      teams: [
        { id: '3', display_name: 'Helpdesk', enabled: true, default: true },
        { id: '4', display_name: 'Escalations', enabled: false, default: false },
      ],
      only_generated_keys: false,
      require_known_rep: false,
      key_ttl_minutes: 60,
    },
    reps: [
      { id: '12', public_display_name: 'Alex', private_display_name: 'Alex Rivera' },
      { id: '15', public_display_name: 'Sam', private_display_name: 'Sam Chen' },
      { id: '16', public_display_name: 'Jordan', private_display_name: 'Jordan Lee' },
    ],
    applianceTeams: [
      { id: '3', name: 'Helpdesk' },
      { id: '4', name: 'Escalations' },
      { id: '7', name: 'Field Service' },
    ],
    sessions: [
      {
        id: 'bt-session-1',
        provider: 'beyondtrust',
        provider_session_id: 'c0a8016e5f2d4b1a9e3f7d6c5b4a3928',
        status: 'unlinked',
        reason: 'the session has no external key',
        ticket_id: null,
        chat_id: null,
        external_key: '',
        customer_name: 'Maria Anders',
        customer_host: 'NW-PC-0042',
        rep_name: 'Sam Chen',
        attributed_to: 'sam',
        started_at: at(40),
        ended_at: at(40, 754),
        // 12 min 34 s.
        duration_seconds: 754,
        transcript: formatTranscript(chat),
      },
    ],
  };
}

export function demoDesk(now: number = Date.now()): DeskSeed {
  const tickets: Ticket[] = TICKETS.map((t) => {
    const at = new Date(now - t.minutesAgo * 60_000).toISOString();
    return {
      id: `ticket-${t.number}`,
      number: t.number,
      subject: t.subject,
      status: t.status ?? 'open',
      customer_id: t.customer,
      customer_name: DEMO_CUSTOMERS.find((c) => c.id === t.customer)?.name ?? '',
      end_user_name: t.endUser[0],
      end_user_email: t.endUser[1],
      type_id: 'incident',
      assignee: t.assignee ?? null,
      asset_id: t.asset ?? null,
      created_at: at,
      updated_at: at,
    };
  });
  return {
    customers: DEMO_CUSTOMERS,
    teams: DEMO_TEAMS,
    ticketTypes: DEMO_TICKET_TYPES,
    assetTypes: [COMPUTER],
    assets: DEMO_ASSETS,
    tickets,
    remoteSupport: {
      default_team_id: 'helpdesk',
      invite_other_agents: true,
      launch: {
        splashtop_primary_field: 'mac_address',
        splashtop_secondary_field: 'splashtop_uuid',
        splashtop_account: null,
        beyondtrust_jump: true,
      },
    },
    beyondtrust: demoBeyondTrust(now),
  };
}

/** A desk with nothing imported yet: the empty states. */
export function emptyDesk(): DeskSeed {
  return { customers: [], teams: [], ticketTypes: [], assetTypes: [], assets: [], tickets: [] };
}
