// The ticket desk's pure rules, as the core has them: invitation templates (IN5), recipients
// and targets (IN1, IN7, IN8, and BeyondTrust's queues), asset fields and launch buttons
// (UA1–UA7) and the list search. The memory backend runs on them; they mirror
// crates/tether-core/src/domain/{template,invitation,beyondtrust,asset,launch}.rs, and when
// they differ, the core is right.
import type { Asset } from './bindings/Asset';
import type { AssetFieldSpec } from './bindings/AssetFieldSpec';
import type { AssetType } from './bindings/AssetType';
import type { BeyondTrustSettings } from './bindings/BeyondTrustSettings';
import type { BtAgent } from './bindings/BtAgent';
import type { Channel } from './bindings/Channel';
import type { ErrorDto } from './bindings/ErrorDto';
import type { InviteTarget } from './bindings/InviteTarget';
import type { InviteTemplates } from './bindings/InviteTemplates';
import type { LaunchButton } from './bindings/LaunchButton';
import type { LaunchOptions } from './bindings/LaunchOptions';
import type { LaunchSettings } from './bindings/LaunchSettings';
import type { RemoteSupportSettings } from './bindings/RemoteSupportSettings';
import type { ResolvedTarget } from './bindings/ResolvedTarget';
import type { Team } from './bindings/Team';
import type { Technician } from './bindings/Technician';
import type { TemplateProblem } from './bindings/TemplateProblem';

function fail(code: string, message: string): never {
  const error: ErrorDto = { code, message };
  throw error;
}

/** Rust's `{:?}` of a string, which the core's messages quote values with. */
function quoted(value: string): string {
  return JSON.stringify(value);
}

// ---- IN5: templates ----

export const TEMPLATE_NAMES = ['email_subject', 'email_html', 'remote_invite_html', 'chat_html'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** What the preview shows in place of a session that does not exist yet. */
export const SAMPLE_LINK = 'https://support.example.com/s/SAMPLE';
export const SAMPLE_CODE = '123456789';

const LINK = 'LINKTOREMOTE';
const CODE = 'REMOTESESSIONCODE';
const INVITE = 'REMOTEINVITE';
const VARIABLES = [LINK, CODE, INVITE];

type Piece = { text: string } | { variable: string };

/** Splits a template into text and `$NAME` pieces (NAME is A–Z, 0–9 and `_`); `$$` is a `$`. */
function pieces(template: string): Piece[] {
  const out: Piece[] = [];
  let i = 0;
  let start = 0;
  while (i < template.length) {
    if (template[i] !== '$') {
      i += 1;
      continue;
    }
    if (template[i + 1] === '$') {
      out.push({ text: template.slice(start, i + 1) });
      i += 2;
      start = i;
      continue;
    }
    const name = /^[A-Z0-9_]*/.exec(template.slice(i + 1))?.[0] ?? '';
    // A variable starts with a letter: "$5" is money, not a variable.
    if (name.length === 0 || !/[A-Z]/.test(name[0])) {
      i += 1;
      continue;
    }
    out.push({ text: template.slice(start, i) });
    out.push({ variable: name });
    i += 1 + name.length;
    start = i;
  }
  out.push({ text: template.slice(start) });
  return out;
}

/** What the editor flags; `insideRemoteInvite` for the $REMOTEINVITE paragraph itself. */
export function templateProblems(template: string, insideRemoteInvite: boolean): TemplateProblem[] {
  const out: TemplateProblem[] = [];
  for (const piece of pieces(template)) {
    if (!('variable' in piece)) continue;
    const name = piece.variable;
    let message: string;
    if (!VARIABLES.includes(name)) {
      message = `$${name} is not a variable; use $LINKTOREMOTE, $REMOTESESSIONCODE or $REMOTEINVITE (write $$ for a dollar sign)`;
    } else if (insideRemoteInvite && name === INVITE) {
      message = '$REMOTEINVITE cannot be used inside itself';
    } else {
      continue;
    }
    if (!out.some((p) => p.variable === `$${name}`)) out.push({ variable: `$${name}`, message });
  }
  return out;
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

interface Values {
  link: string;
  code: string;
  /** The $REMOTEINVITE paragraph, itself an HTML template over the other two. */
  remoteInvite: string;
}

/** Renders a template; in HTML every value is escaped. Unknown variables stay as written. */
export function renderTemplate(template: string, format: 'html' | 'text', values: Values): string {
  let out = '';
  const value = (v: string) => (format === 'html' ? escapeHtml(v) : v);
  for (const piece of pieces(template)) {
    if ('text' in piece) out += piece.text;
    else if (piece.variable === LINK) out += value(values.link);
    else if (piece.variable === CODE) out += value(values.code);
    else if (piece.variable === INVITE) {
      const html = renderTemplate(values.remoteInvite, 'html', { ...values, remoteInvite: '' });
      out += format === 'html' ? html : htmlToText(html);
    } else out += `$${piece.variable}`;
  }
  return out;
}

/** The plain-text part of an email: tags dropped, block ends as line breaks. */
export function htmlToText(html: string): string {
  let out = '';
  let rest = html;
  for (;;) {
    const open = rest.indexOf('<');
    if (open < 0) break;
    out += rest.slice(0, open);
    const close = rest.indexOf('>', open);
    if (close < 0) {
      out += rest.slice(open);
      rest = '';
      break;
    }
    const tag = rest.slice(open + 1, close).trim().toLowerCase();
    const blockEnd = ['/p', '/div', '/li', '/tr', '/h1', '/h2', '/h3', '/h4', '/h5', '/h6'];
    if (tag.startsWith('br') || blockEnd.includes(tag)) out += '\n';
    rest = rest.slice(close + 1);
  }
  out += rest;
  const text = out
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .join('\n')
    .trim();
}

export interface RenderedInvite {
  subject: string;
  html: string;
  text: string;
  chatHtml: string;
}

export function renderInvite(t: InviteTemplates, link: string, code: string): RenderedInvite {
  const values: Values = { link, code, remoteInvite: t.remote_invite_html };
  const html = renderTemplate(t.email_html, 'html', values);
  return {
    subject: renderTemplate(t.email_subject, 'text', values).replace(/[\r\n]/g, ' '),
    html,
    text: htmlToText(html),
    chatHtml: renderTemplate(t.chat_html, 'html', values),
  };
}

export function allTemplateProblems(t: InviteTemplates): [string, TemplateProblem[]][] {
  const out: [string, TemplateProblem[]][] = [];
  for (const name of TEMPLATE_NAMES) {
    const problems = templateProblems(t[name], name === 'remote_invite_html');
    if (problems.length > 0) out.push([name, problems]);
  }
  return out;
}

export function templateLabel(name: string): string {
  switch (name) {
    case 'email_subject':
      return 'the email subject';
    case 'email_html':
      return 'the email body';
    case 'remote_invite_html':
      return 'the $REMOTEINVITE paragraph';
    default:
      return 'the chat message';
  }
}

export const DEFAULT_TEMPLATES: InviteTemplates = {
  email_subject: 'Remote support session, code $REMOTESESSIONCODE',
  email_html: '<p>Hello,</p>\n$REMOTEINVITE\n<p>Your technician will join as soon as you open it.</p>',
  remote_invite_html:
    '<p>To let us help you, open <a href="$LINKTOREMOTE">$LINKTOREMOTE</a> and, if asked, enter the code <b>$REMOTESESSIONCODE</b>.</p>',
  chat_html:
    '<p>Let\'s look at it together: <a href="$LINKTOREMOTE">join the remote session</a> (code $REMOTESESSIONCODE).</p>',
};

export function defaultRemoteSupportSettings(): RemoteSupportSettings {
  return {
    quick_invites: true,
    invite_other_agents: false,
    fallback_to_default_team: true,
    default_team_id: null,
    default_user_id: null,
    templates: { ...DEFAULT_TEMPLATES },
    launch: {
      splashtop_primary_field: 'mac_address',
      splashtop_secondary_field: null,
      splashtop_account: null,
      beyondtrust_jump: true,
    },
  };
}

// ---- IN1: recipients ----

/** A pragmatic check, strict enough that a typo is caught before the send. */
export function isEmail(a: string): boolean {
  const at = a.indexOf('@');
  if (at < 0) return false;
  const local = a.slice(0, at);
  const domain = a.slice(at + 1);
  const localOk =
    local.length > 0 &&
    local.length <= 64 &&
    !local.startsWith('.') &&
    !local.endsWith('.') &&
    !local.includes('..') &&
    /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]+$/.test(local);
  const labels = domain.split('.');
  const domainOk =
    domain.length <= 253 &&
    labels.length >= 2 &&
    labels.every((l) => l.length > 0 && l.length <= 63 && !l.startsWith('-') && !l.endsWith('-') && /^[A-Za-z0-9-]+$/.test(l));
  return localOk && domainOk;
}

/** The addresses as typed: split on commas, semicolons and white space, each checked. */
export function parseRecipients(raw: string): string[] {
  const out: string[] = [];
  const bad: string[] = [];
  for (const part of raw.split(/[,; \n\t\r]/)) {
    const a = part.trim();
    if (!a) continue;
    if (isEmail(a)) {
      if (!out.some((o) => o.toLowerCase() === a.toLowerCase())) out.push(a);
    } else {
      bad.push(quoted(a));
    }
  }
  if (bad.length > 0) fail('invalid_input', `not an email address: ${bad.join(', ')}`);
  if (out.length === 0) fail('invalid_input', 'add at least one email address to invite');
  if (out.length > 20) fail('invalid_input', `${out.length} addresses: at most 20 per invitation`);
  return out;
}

// ---- IN1, IN2, IN7, IN8: where an invitation goes ----

export interface InviteDirectory {
  me: Technician;
  technicians: readonly Technician[];
  teams: readonly Team[];
  channels: readonly Channel[];
}

function isMember(channel: Channel, technician: string): boolean {
  return (
    channel.kind === 'private' ||
    channel.settings.members.length === 0 ||
    channel.settings.members.includes(technician)
  );
}

function teamTarget(dir: InviteDirectory, id: string, fallbackReason: string | null): ResolvedTarget {
  const team = dir.teams.find((t) => t.id === id) ?? fail('not_found', `team ${quoted(id)} does not exist`);
  if (!dir.channels.some((c) => c.id === team.channel_id)) {
    fail(
      'invalid_input',
      `team ${team.name} has no channel ${quoted(team.channel_id)} at the provider; pick its channel in Settings`,
    );
  }
  return { channel_id: team.channel_id, assignee: null, label: `Team ${team.name}`, fallback_reason: fallbackReason };
}

function defaultTeam(settings: RemoteSupportSettings, dir: InviteDirectory, because: string | null): ResolvedTarget {
  if (settings.default_team_id !== null) return teamTarget(dir, settings.default_team_id, because);
  const why = because !== null ? `${because} and ` : 'no target was chosen and ';
  fail('technician_unavailable', `${why}there is no default team (Settings → Remote support); nothing was sent`);
}

export function resolveTarget(
  requested: InviteTarget,
  settings: RemoteSupportSettings,
  dir: InviteDirectory,
): ResolvedTarget {
  switch (requested.kind) {
    case 'default':
      return defaultTeam(settings, dir, null);
    case 'team':
      return teamTarget(dir, requested.id, null);
    case 'channel': {
      const channel =
        dir.channels.find((c) => c.id === requested.id) ?? fail('not_found', `channel ${quoted(requested.id)} does not exist`);
      if (!isMember(channel, dir.me.id)) fail('forbidden', `you are not a member of ${channel.name}`);
      return { channel_id: channel.id, assignee: null, label: `Channel ${channel.name}`, fallback_reason: null };
    }
    case 'agent': {
      const agent =
        dir.technicians.find((t) => t.id === requested.id) ??
        fail('not_found', `technician ${quoted(requested.id)} does not exist`);
      if (agent.id !== dir.me.id && !settings.invite_other_agents) {
        fail(
          'forbidden',
          `invitations into another technician's queue (${agent.name}) are turned off in Settings → Remote support`,
        );
      }
      if (agent.available) {
        const label = agent.id === dir.me.id ? 'your queue' : `${agent.name}'s queue`;
        return { channel_id: 'private', assignee: agent.id, label, fallback_reason: null };
      }
      const why = `${agent.name} is unavailable`;
      if (!settings.fallback_to_default_team) {
        fail(
          'technician_unavailable',
          `${why} and falling back to the default team is turned off; nothing was sent`,
        );
      }
      return defaultTeam(settings, dir, why);
    }
  }
}

// ---- BT2, BT3, BT8, and IN1/IN7/IN8 for BeyondTrust ----

export function defaultBeyondTrustSettings(): BeyondTrustSettings {
  return { agents: [], teams: [], only_generated_keys: false, require_known_rep: false, key_ttl_minutes: 60 };
}

/** What the core refuses to save (BeyondTrustSettings::validate). */
export function validateBeyondTrust(settings: BeyondTrustSettings): void {
  if (settings.teams.filter((t) => t.default).length > 1) {
    fail('invalid_input', 'only one BeyondTrust team can be the default');
  }
  const disabledDefault = settings.teams.find((t) => t.default && !t.enabled);
  if (disabledDefault) fail('invalid_input', `the default team ${disabledDefault.display_name} must be enabled`);
  const ttl = settings.key_ttl_minutes;
  if (!Number.isInteger(ttl) || ttl < 5 || ttl > 7 * 24 * 60) {
    fail('invalid_input', 'a session key lives between 5 minutes and 7 days');
  }
  const unnamed = settings.agents.find((a) => a.enabled && a.display_name.trim() === '');
  if (unnamed) fail('invalid_input', `${unnamed.technician_id} needs their BeyondTrust display name`);
}

/** BT8: the agent a representative is, by public, private or display name (any case). */
export function agentForRep(settings: BeyondTrustSettings, names: readonly string[]): BtAgent | null {
  const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
  return (
    settings.agents
      .filter((a) => a.enabled)
      .find((a) => names.some((n) => n.trim() !== '' && same(n, a.display_name))) ?? null
  );
}

/** A representative logged in to the rep console, as the appliance lists them. */
export interface LoggedInRep {
  id: string;
  public_display_name: string;
  private_display_name: string;
}

/** Where a session key puts the customer: a representative's queue or a team's. */
export type BtQueue = { kind: 'rep'; id: string } | { kind: 'team'; id: string };

export interface BtResolved {
  queue: BtQueue;
  target: ResolvedTarget;
}

/**
 * A technician's own queue when they are logged in to the rep console, else the default team
 * if falling back is allowed, else "technician unavailable". No channels: BeyondTrust has none.
 */
export function resolveBeyondTrustTarget(
  requested: InviteTarget,
  bt: BeyondTrustSettings,
  settings: RemoteSupportSettings,
  dir: Pick<InviteDirectory, 'me' | 'technicians'>,
  loggedIn: readonly LoggedInRep[],
): BtResolved {
  const team = (id: string, label: string, fallbackReason: string | null): BtResolved => ({
    queue: { kind: 'team', id },
    target: { channel_id: '', assignee: null, label: `Team ${label}`, fallback_reason: fallbackReason },
  });
  const defaultTeam = (because: string | null): BtResolved => {
    const found = bt.teams.find((t) => t.default && t.enabled);
    if (found) return team(found.id, found.display_name, because);
    const why = because !== null ? `${because} and ` : 'no target was chosen and ';
    fail('technician_unavailable', `${why}there is no default BeyondTrust team (Settings → BeyondTrust); nothing was sent`);
  };
  switch (requested.kind) {
    case 'default':
      return defaultTeam(null);
    case 'channel':
      return fail('invalid_input', "BeyondTrust queues are a technician's or a team's; pick one of those");
    case 'team': {
      const found =
        bt.teams.find((t) => t.id === requested.id && t.enabled) ??
        fail('not_found', `BeyondTrust team ${quoted(requested.id)} does not exist`);
      return team(found.id, found.display_name, null);
    }
    case 'agent': {
      const tech =
        dir.technicians.find((t) => t.id === requested.id) ??
        fail('not_found', `technician ${quoted(requested.id)} does not exist`);
      if (tech.id !== dir.me.id && !settings.invite_other_agents) {
        fail(
          'forbidden',
          `invitations into another technician's queue (${tech.name}) are turned off in Settings → Remote support`,
        );
      }
      const agent =
        bt.agents.find((a) => a.technician_id === tech.id && a.enabled) ??
        fail('invalid_input', `${tech.name} is not a BeyondTrust agent yet (Settings → BeyondTrust)`);
      const name = agent.display_name.trim().toLowerCase();
      const rep = loggedIn.find((r) =>
        [r.public_display_name, r.private_display_name].some((n) => n.trim().toLowerCase() === name),
      );
      if (rep) {
        const label = tech.id === dir.me.id ? 'your queue' : `${tech.name}'s queue`;
        return { queue: { kind: 'rep', id: rep.id }, target: { channel_id: '', assignee: null, label, fallback_reason: null } };
      }
      const why = `${tech.name} is not logged in to BeyondTrust`;
      if (!settings.fallback_to_default_team) {
        fail('technician_unavailable', `${why} and falling back to the default team is turned off; nothing was sent`);
      }
      return defaultTeam(why);
    }
  }
}

// ---- BT5–BT7: what a finished session leaves on a ticket ----

/** One chat message of a finished session: when (ISO), from whom, what. */
export type ChatLine = [at: string, from: string, body: string];

/** The transcript as the core keeps it: "[HH:MM:SS] from: body", one line per message, in UTC. */
export function formatTranscript(chat: readonly ChatLine[]): string {
  return chat.map(([at, from, body]) => `[${new Date(at).toISOString().slice(11, 19)}] ${from}: ${body}`).join('\n');
}

/** What separates a remote session action's summary from its transcript (the core's link()). */
export const TRANSCRIPT_HEADING = '\n\nChat transcript:\n';

/** The remote session action's note: a summary line, then the transcript if there was a chat. */
export function remoteSessionNote(session: {
  rep_name: string;
  customer_name: string;
  started_at: string;
  ended_at: string | null;
  duration_seconds: number;
  transcript: string;
}): string {
  const day = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  const start = day(new Date(session.started_at).toISOString());
  const end = session.ended_at !== null ? new Date(session.ended_at).toISOString().slice(11, 16) : '—';
  const seconds = String(session.duration_seconds % 60).padStart(2, '0');
  const customer = session.customer_name || 'the customer';
  let note = `BeyondTrust session with ${session.rep_name} for ${customer}: ${start} to ${end} (${Math.floor(session.duration_seconds / 60)}:${seconds})`;
  if (session.transcript !== '') note += TRANSCRIPT_HEADING + session.transcript;
  return note;
}

/** A remote session action's note split back into its summary and its transcript ('' if none). */
export function splitRemoteSessionNote(note: string): { summary: string; transcript: string } {
  const at = note.indexOf(TRANSCRIPT_HEADING);
  if (at < 0) return { summary: note, transcript: '' };
  return { summary: note.slice(0, at), transcript: note.slice(at + TRANSCRIPT_HEADING.length) };
}

// ---- UA3: asset fields ----

/** A MAC address as Splashtop wants it: 12 upper-case hex digits, no separators. */
export function normaliseMac(raw: string): string {
  const hex = raw.trim().replace(/[:\-. ]/g, '');
  const refuse = (why: string) => fail('invalid_input', `${quoted(raw)} is not a MAC address: ${why}`);
  if (hex.length !== 12) refuse('a MAC address has 12 hex digits');
  if (!/^[0-9A-Fa-f]+$/.test(hex)) refuse('only 0-9 and A-F are hex digits');
  const upper = hex.toUpperCase();
  if (upper === '000000000000' || upper === 'FFFFFFFFFFFF') refuse("that is not one computer's address");
  return upper;
}

/** The value as stored, or why it cannot be. Empty means "not set". */
export function normaliseField(spec: AssetFieldSpec, raw: string): string {
  const value = raw.trim();
  if (!value) return '';
  const refuse = (why: string): never => fail('invalid_input', `${spec.label}: ${why}`);
  switch (spec.kind) {
    case 'text':
      return value.includes('\n') ? refuse('one line only') : value;
    case 'text_area':
      return raw.trimEnd();
    case 'date': {
      const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
      const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
      if (!m || !date || date.getUTCDate() !== Number(m[3]) || date.getUTCMonth() !== Number(m[2]) - 1) {
        return refuse(`${quoted(value)} is not a date like 2026-11-21`);
      }
      return date.toISOString().slice(0, 10);
    }
    case 'checkbox': {
      const v = value.toLowerCase();
      if (['true', 'yes', '1'].includes(v)) return 'true';
      if (['false', 'no', '0'].includes(v)) return 'false';
      return refuse(`${quoted(value)} is neither true nor false`);
    }
    case 'dropdown':
      return spec.options.includes(value) ? value : refuse(`${quoted(value)} is not one of ${spec.options.join(', ')}`);
    case 'mac_address':
      try {
        return normaliseMac(value);
      } catch (e) {
        return refuse((e as ErrorDto).message);
      }
  }
}

// ---- UA1, UA4, UA6: launch buttons ----

export function launchButtons(
  asset: Asset,
  assetType: AssetType,
  settings: LaunchSettings,
  beyondtrustHost: string | null,
): LaunchOptions {
  const out: LaunchOptions = { buttons: [], unavailable: [] };
  const configured = [settings.splashtop_primary_field, settings.splashtop_secondary_field].filter(
    (f): f is string => f !== null && f !== '',
  );
  if (configured.length > 0) {
    if (asset.platform === 'android') {
      out.unavailable.push('Splashtop cannot reach Android devices, so this asset has no Splashtop button');
    } else {
      for (const key of configured) {
        const spec = assetType.fields.find((f) => f.key === key);
        if (!spec) {
          out.unavailable.push(
            `asset type ${assetType.name} has no field ${quoted(key)} for Splashtop (Settings → Remote support)`,
          );
          continue;
        }
        const value = asset.fields[key];
        if (value === undefined || value.trim() === '') continue;
        if (spec.kind === 'mac_address') {
          try {
            normaliseMac(value);
          } catch {
            out.unavailable.push(`${spec.label} ${quoted(value)} is not a MAC address`);
            continue;
          }
        }
        out.buttons.push({ id: `splashtop:${key}`, provider: 'splashtop', label: `Splashtop · ${spec.label}`, value });
      }
    }
  }
  if (settings.beyondtrust_jump && beyondtrustHost !== null) {
    if (asset.inventory_number.trim() === '') {
      out.unavailable.push("BeyondTrust jump needs the asset's inventory number");
    } else {
      out.buttons.push({
        id: 'beyondtrust:jump',
        provider: 'beyondtrust',
        label: 'BeyondTrust jump',
        value: asset.inventory_number.trim(),
      });
    }
  }
  return out;
}

/** UA7: only ever a `st-business://` URL or one on the configured BeyondTrust host. */
export function launchUrl(
  button: LaunchButton,
  assetType: AssetType,
  account: string,
  beyondtrustHost: string | null,
): string {
  if (button.provider === 'splashtop') {
    if (!account.includes('@')) fail('invalid_input', `${quoted(account)} is not a Splashtop account email`);
    const key = button.id.replace(/^splashtop:/, '');
    const isMac = assetType.fields.some((f) => f.key === key && f.kind === 'mac_address');
    const query = new URLSearchParams({ account });
    if (isMac) query.append('mac', normaliseMac(button.value));
    else {
      query.append('uuid', button.value.trim());
      query.append('sessiontype', 'remote');
    }
    return `st-business://com.splashtop.business?${query.toString()}`;
  }
  if (button.provider === 'beyondtrust') {
    if (beyondtrustHost === null) fail('invalid_input', 'BeyondTrust has no host in Settings → Integrations');
    const query = new URLSearchParams({
      type: 'rep',
      operation: 'generate',
      action: 'start_pinned_client_session',
      search_string: button.value.trim(),
    });
    return `https://${beyondtrustHost.toLowerCase()}/api/client_script?${query.toString()}`;
  }
  fail('invalid_input', `no launcher for ${quoted(button.provider)}`);
}

// ---- TK1: search ----

/** Words as the cache's full-text index splits them: letters and digits, no accents, any case. */
function words(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Every word typed must start some word of the haystack (the index's prefix match). */
export function matchesPrefixes(query: string, haystack: readonly string[]): boolean {
  const wanted = words(query).slice(0, 16);
  if (wanted.length === 0) return true;
  const have = haystack.flatMap(words);
  return wanted.every((w) => have.some((h) => h.startsWith(w)));
}
