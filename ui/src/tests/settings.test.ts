// Settings, drawn from canned answers: an integration card (what its status says, what Save
// sends, where a typed secret goes afterwards: nowhere) and the template editor (the core's
// preview and problems, shown where they belong).
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { Api } from '../lib/api';
import type { Integration } from '../lib/bindings/Integration';
import type { AppStore } from '../lib/store.svelte';
import {
  beyondtrustSettings,
  directory,
  field,
  integration,
  remoteSupportSettings,
  syncroChoices,
  syncroImportSettings,
  teamStatus,
  templatePreview,
} from './builders';
import { CannedTransport, deferred, refuse, type Replies } from './canned';
import { renderApp } from './render';

const TOKEN = 'sk-live-7f3a9c1e-TOPSECRET';

/** What the Settings page reads when it opens, besides what a test is about. */
function settingsPage(replies: Replies = {}): Replies {
  return {
    integrations: () => [integration()],
    remote_support_settings: () => remoteSupportSettings(),
    directory: () => directory(),
    pending_mail: () => [],
    preview_templates: () => templatePreview(),
    beyondtrust_settings: () => beyondtrustSettings(),
    events_receiver: () => null,
    syncro_import_settings: () => syncroImportSettings(),
    syncro_alert_settings: () => ({ enabled: false, ticket_type_id: null, default_end_user_id: null }),
    syncro_import_choices: () => syncroChoices(),
    syncro_import_preview: () => null,
    syncro_import_runs: () => [],
    syncro_alerts_receiver: () => null,
    team_status: () => teamStatus(),
    ...replies,
  };
}

async function openSettings(replies: Replies = {}): Promise<{ canned: CannedTransport; app: AppStore }> {
  const opened = await renderApp(settingsPage(replies));
  await fireEvent.click(screen.getByTestId('nav-settings'));
  await screen.findByTestId('settings-view');
  return opened;
}

function input(testid: string): HTMLInputElement {
  return screen.getByTestId(testid) as HTMLInputElement;
}

/** Whether a string is anywhere in the page: text, markup, attributes or what an input holds. */
function pageHolds(needle: string): boolean {
  if (document.documentElement.outerHTML.includes(needle)) return true;
  for (const el of document.querySelectorAll('input, textarea, select')) {
    if ((el as HTMLInputElement).value.includes(needle)) return true;
  }
  return false;
}

/**
 * Whether a string is anywhere in the store's state: every field and every getter ($state
 * fields are getters on the prototype), followed into nested objects. The transport is left
 * out: it is the test's recording of what was sent, not the window's state.
 */
function stateHolds(value: unknown, needle: string, seen = new Set<unknown>()): boolean {
  if (typeof value === 'string') return value.includes(needle);
  if (value === null || typeof value !== 'object' || seen.has(value)) return false;
  if (value instanceof Node || value instanceof Api || value instanceof CannedTransport) return false;
  seen.add(value);
  if (value instanceof Map || value instanceof Set) {
    return [...value.values()].some((v) => stateHolds(v, needle, seen));
  }
  const keys = new Set(Object.keys(value));
  for (let proto = Object.getPrototypeOf(value); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(proto))) {
      if (descriptor.get) keys.add(key);
    }
  }
  for (const key of keys) {
    let child: unknown;
    try {
      child = (value as Record<string, unknown>)[key];
    } catch {
      continue;
    }
    if (stateHolds(child, needle, seen)) return true;
  }
  return false;
}

describe('Settings → Integrations', () => {
  it("the status pill says the core's status, whatever the card holds", async () => {
    await openSettings({
      integrations: () => [
        // Nothing stored, and still "Test passed": the pill repeats the core, it does not judge.
        integration({ status: 'test_passed' }),
        integration({ kind: 'smtp', name: 'Email (SMTP)', status: 'test_failed', fields: [field('host')] }),
        integration({ kind: 'syncro', name: 'Syncro', status: 'configured', fields: [field('subdomain')] }),
      ],
    });
    const pill = await screen.findByTestId('integration-status-splashtop');
    expect(pill).toHaveTextContent('Test passed');
    expect(screen.getByTestId('integration-splashtop')).toHaveAttribute('data-status', 'test_passed');
    expect(screen.getByTestId('integration-status-smtp')).toHaveTextContent('Test failed');
    expect(screen.getByTestId('integration-status-syncro')).toHaveTextContent('Configured');
  });

  it('draws a card per integration with its fields; a secret is a password input', async () => {
    await openSettings({
      integrations: () => [
        integration({
          fields: [
            field('base_url', { label: 'API address', kind: 'url', placeholder: 'https://webapi.splashtop.com', help: 'EU accounts: https://webapi.splashtop.eu' }),
            field('api_token', { label: 'API token', kind: 'secret' }),
            field('tls', { label: 'Encryption', kind: 'choice', options: ['starttls', 'tls'], required: false }),
          ],
        }),
      ],
    });
    const card = await screen.findByTestId('integration-splashtop');
    expect(input('integration-field-splashtop-base_url')).toHaveAttribute('placeholder', 'https://webapi.splashtop.com');
    expect(card).toHaveTextContent('EU accounts: https://webapi.splashtop.eu');
    const secret = input('integration-field-splashtop-api_token');
    expect(secret).toHaveAttribute('type', 'password');
    expect(secret).toHaveAttribute('autocomplete', 'off');
    expect(screen.getByLabelText('API token')).toBe(secret);
    const tls = screen.getByTestId('integration-field-splashtop-tls') as HTMLSelectElement;
    expect([...tls.options].map((o) => o.value)).toEqual(['', 'starttls', 'tls']);
    expect(card).toHaveTextContent('(optional)');
    // Nothing changed yet: nothing to save.
    expect(screen.getByTestId('integration-save-splashtop')).toBeDisabled();
  });

  it('shows a stored secret as stored, never with a value', async () => {
    await openSettings({
      integrations: () => [integration({ values: { base_url: 'https://webapi.splashtop.eu' }, stored_secrets: ['api_token'], status: 'configured' })],
    });
    expect(await screen.findByTestId('integration-secret-stored-splashtop-api_token')).toHaveTextContent('Stored in the keychain');
    expect(screen.queryByTestId('integration-field-splashtop-api_token')).not.toBeInTheDocument();
    expect(input('integration-field-splashtop-base_url')).toHaveValue('https://webapi.splashtop.eu');
  });

  it('Save sends the typed secret once; afterwards it is in no input, nowhere on the page and in no store state', async () => {
    const saved: Integration = integration({
      values: { base_url: 'https://webapi.splashtop.eu' },
      stored_secrets: ['api_token'],
      status: 'configured',
    });
    const answer = deferred<Integration>();
    const { canned, app } = await openSettings({ save_integration: answer.reply });
    await screen.findByTestId('integration-splashtop');
    await fireEvent.input(input('integration-field-splashtop-base_url'), { target: { value: 'https://webapi.splashtop.eu' } });
    await fireEvent.input(input('integration-field-splashtop-api_token'), { target: { value: TOKEN } });
    await fireEvent.click(screen.getByTestId('integration-save-splashtop'));

    expect(canned.sent('save_integration')).toEqual([
      {
        update: {
          kind: 'splashtop',
          enabled: true,
          values: { base_url: 'https://webapi.splashtop.eu' },
          secrets: { api_token: TOKEN },
        },
      },
    ]);
    // Gone from the input as it is sent, before the core answers.
    expect(input('integration-field-splashtop-api_token')).toHaveValue('');

    answer.resolve(saved);
    await waitFor(() => expect(screen.getByTestId('integration-status-splashtop')).toHaveTextContent('Configured'));
    expect(screen.getByTestId('integration-secret-stored-splashtop-api_token')).toBeInTheDocument();
    expect(await screen.findByTestId('toast-success')).toHaveTextContent('Splashtop settings saved');
    expect(pageHolds(TOKEN)).toBe(false);
    expect(stateHolds(app, TOKEN)).toBe(false);
    // The walk does reach the store's state: what the core answered is found there.
    expect(stateHolds(app, 'https://webapi.splashtop.eu')).toBe(true);
    expect(canned.count('save_integration')).toBe(1);
  });

  it('a keychain_unavailable refusal is said on the card; what was typed stays, except the secret', async () => {
    const message = 'No Secret Service is running: install gnome-keyring or KWallet';
    const { app } = await openSettings({ save_integration: refuse('keychain_unavailable', message) });
    await screen.findByTestId('integration-splashtop');
    await fireEvent.input(input('integration-field-splashtop-base_url'), { target: { value: 'https://webapi.splashtop.eu' } });
    await fireEvent.input(input('integration-field-splashtop-api_token'), { target: { value: TOKEN } });
    await fireEvent.click(screen.getByTestId('integration-save-splashtop'));

    const alert = await screen.findByTestId('integration-error-splashtop');
    expect(alert).toHaveTextContent('The keychain is unavailable: nothing was saved.');
    expect(alert).toHaveTextContent(message);
    expect(input('integration-field-splashtop-base_url')).toHaveValue('https://webapi.splashtop.eu');
    expect(input('integration-field-splashtop-api_token')).toHaveValue('');
    expect(screen.getByTestId('integration-status-splashtop')).toHaveTextContent('Not set up');
    // On the card, not in a toast.
    expect(screen.queryByTestId('toast-error')).not.toBeInTheDocument();
    expect(pageHolds(TOKEN)).toBe(false);
    expect(stateHolds(app, TOKEN)).toBe(false);
  });

  it('Test configuration shows the outcome the core answered on the card', async () => {
    const { canned } = await openSettings({
      test_integration: () => ({
        ok: false,
        code: 'provider_unauthorized',
        message: 'Splashtop refused the API token (401)',
        at: '2025-03-04T10:00:00Z',
      }),
    });
    await screen.findByTestId('integration-splashtop');
    await fireEvent.click(screen.getByTestId('integration-test-splashtop'));
    const result = await screen.findByTestId('integration-test-result-splashtop');
    expect(result).toHaveTextContent('Splashtop refused the API token (401)');
    expect(result).toHaveAttribute('data-ok', 'false');
    expect(canned.sent('test_integration')).toEqual([{ kind: 'splashtop' }]);
  });

  it('Test configuration tests the values on screen before they are saved, and keeps no secret', async () => {
    const { canned, app } = await openSettings({
      test_integration_draft: () => ({
        ok: true,
        code: null,
        message: 'Splashtop answered: the token belongs to alex@example.com',
        at: '2025-03-04T10:00:00Z',
      }),
    });
    await screen.findByTestId('integration-splashtop');
    await fireEvent.input(input('integration-field-splashtop-base_url'), { target: { value: 'https://webapi.splashtop.eu' } });
    await fireEvent.input(input('integration-field-splashtop-api_token'), { target: { value: TOKEN } });
    await fireEvent.click(screen.getByTestId('integration-test-splashtop'));
    const result = await screen.findByTestId('integration-test-result-splashtop');
    expect(result).toHaveTextContent('the token belongs to alex@example.com');
    expect(result).toHaveTextContent('with the values on screen, not saved yet');
    expect(canned.sent('test_integration_draft')).toEqual([
      {
        update: {
          kind: 'splashtop',
          enabled: true,
          values: { base_url: 'https://webapi.splashtop.eu' },
          secrets: { api_token: TOKEN },
        },
      },
    ]);
    expect(canned.sent('save_integration')).toEqual([]);
    expect(stateHolds(app, TOKEN)).toBe(false);
  });

  it("offers a colleague's connection instead of signing in, and says whose it is once reused", async () => {
    const shared = 'Northwind Service Desk <servicedesk@northwind.example>';
    const alexs = {
      kind: 'teamviewer' as const,
      owner: 'alex',
      owner_name: 'Alex Rivera',
      account: shared,
      authorised_at: '2026-11-30T08:00:00Z',
      label: `${shared} · authorised by Alex Rivera`,
    };
    const status = (reused: boolean) => ({
      kind: 'teamviewer' as const,
      technician: 'sam',
      authorised: reused,
      expires_at: reused ? '2099-01-01T00:00:00Z' : null,
      account: reused ? shared : null,
      reused_from: reused ? alexs : null,
    });
    const { canned } = await openSettings({
      integrations: () => [
        integration({ kind: 'teamviewer', name: 'TeamViewer', per_technician_oauth: true, fields: [field('base_url')] }),
      ],
      authorisation: () => status(false),
      oauth_connections: () => [alexs],
      reuse_connection: () => status(true),
    });
    const select = (await screen.findByTestId('integration-reuse-select-teamviewer')) as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent?.trim())).toEqual([alexs.label]);
    await fireEvent.click(screen.getByTestId('integration-reuse-button-teamviewer'));
    await waitFor(() => expect(screen.getByTestId('integration-authorisation-teamviewer')).toHaveTextContent('Authorised'));
    expect(canned.sent('reuse_connection')).toEqual([{ kind: 'teamviewer', owner: 'alex' }]);
    expect(screen.getByTestId('integration-account-teamviewer')).toHaveTextContent(shared);
    expect(screen.getByTestId('integration-reused-teamviewer')).toHaveTextContent("Alex Rivera's connection");
    // Leaving it, or choosing a new account, are both offered.
    expect(screen.getByTestId('integration-disconnect-teamviewer')).toHaveTextContent('Stop using it');
    expect(screen.getByTestId('integration-authorise-teamviewer')).toHaveTextContent('Sign in with another account');
  });

  it('without a keychain, shows every card read-only under one banner', async () => {
    const why = 'the OS keychain is unavailable: install and unlock gnome-keyring';
    await openSettings({
      integrations: () => [
        integration({ keychain_unavailable: why, values: { base_url: 'https://webapi.splashtop.com' } }),
        integration({ kind: 'smtp', name: 'Email (SMTP)', keychain_unavailable: why, fields: [field('host')] }),
      ],
    });
    expect(await screen.findByTestId('keychain-unavailable')).toHaveTextContent(why);
    expect(screen.getAllByTestId('keychain-unavailable')).toHaveLength(1);
    expect(input('integration-field-splashtop-base_url')).toHaveValue('https://webapi.splashtop.com');
    expect(input('integration-field-splashtop-base_url')).toBeDisabled();
    expect(screen.getByTestId('integration-test-splashtop')).toBeDisabled();
    expect(screen.getByTestId('integration-enabled-smtp')).toBeDisabled();
  });

  it('says so when the integrations cannot be loaded', async () => {
    await openSettings({ integrations: refuse('store', 'the local cache is locked') });
    expect(await screen.findByTestId('integrations-error')).toHaveTextContent('the local cache is locked');
  });
});

describe('Settings → Remote support: the template editor', () => {
  it("sends the templates to the core and shows its preview and its problems under their template", async () => {
    const templates = remoteSupportSettings().templates;
    const { canned } = await openSettings({
      preview_templates: () =>
        templatePreview({
          subject: 'Remote support for Northwind',
          email_html: '<p>Open https://example.invalid/s/123</p>',
          email_text: 'Open https://example.invalid/s/123, code 123 456 789',
          chat_html: '<p>Join <b>here</b></p>',
          problems: [['email_html', [{ variable: '$LINK', message: '$LINK is not a variable Tether knows' }]]],
        }),
    });
    const editor = await screen.findByTestId('template-editor');
    await waitFor(() => expect(within(editor).getByTestId('template-preview-subject')).toHaveTextContent('Remote support for Northwind'));
    expect(canned.sent('preview_templates')).toEqual([{ templates }]);
    expect(within(editor).getByTestId('template-preview-email')).toHaveAttribute('srcdoc', '<p>Open https://example.invalid/s/123</p>');
    expect(within(editor).getByTestId('template-preview-text')).toHaveTextContent('code 123 456 789');
    expect(within(editor).getByTestId('template-preview-chat').innerHTML).toBe('<p>Join <b>here</b></p>');

    const problems = within(editor).getAllByTestId('template-problem');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toHaveAttribute('data-template', 'email_html');
    expect(problems[0]).toHaveAttribute('data-variable', '$LINK');
    expect(problems[0]).toHaveTextContent('$LINK is not a variable Tether knows');
    expect(screen.getByTestId('template-email_html')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('template-chat_html')).toHaveAttribute('aria-invalid', 'false');
  });

  it('an edit asks the core again with what was typed', async () => {
    const { canned } = await openSettings();
    await screen.findByTestId('template-preview-subject');
    await fireEvent.input(screen.getByTestId('template-chat_html'), { target: { value: 'Join: $LINKTOREMOTE' } });
    await waitFor(() => expect(canned.sent('preview_templates').at(-1)?.templates.chat_html).toBe('Join: $LINKTOREMOTE'));
  });

  it("shows the core's refusal of a save beside Save", async () => {
    const { canned } = await openSettings({
      save_remote_support_settings: refuse('invalid_input', 'the email template uses $LINK, which Tether does not know'),
    });
    await screen.findByTestId('template-preview-subject');
    await fireEvent.input(screen.getByTestId('template-email_html'), { target: { value: '<p>$LINK</p>' } });
    await fireEvent.click(screen.getByTestId('rs-save'));
    expect(await screen.findByTestId('rs-error')).toHaveTextContent('the email template uses $LINK, which Tether does not know');
    expect(canned.sent('save_remote_support_settings')[0].settings.templates.email_html).toBe('<p>$LINK</p>');
  });
});

describe('remote support: ticket types and launch fields', () => {
  const remote = { id: 'remote', name: 'Remote support request', send_invite_on_create: false, invite_target: { kind: 'default' as const } };

  it('a ticket type\'s defaults are saved at once with what was picked, and the row shows what the core kept', async () => {
    const teams = [{ id: 'helpdesk', name: 'Helpdesk', channel_id: 'splashtop-1', members: [] }];
    const { canned } = await openSettings({
      directory: () => directory({ ticket_types: [remote], teams }),
      update_ticket_type: ({ id, send_invite_on_create, invite_target }) => ({
        ...remote,
        id,
        send_invite_on_create,
        invite_target,
      }),
    });
    const row = await screen.findByTestId('ticket-type-row');
    await fireEvent.click(within(row).getByTestId('ticket-type-send-invite'));
    await waitFor(() =>
      expect(canned.sent('update_ticket_type')).toEqual([
        { id: 'remote', send_invite_on_create: true, invite_target: { kind: 'default' } },
      ]),
    );
    await fireEvent.change(within(row).getByTestId('ticket-type-target'), { target: { value: 'team:helpdesk' } });
    await waitFor(() =>
      expect(canned.sent('update_ticket_type').at(-1)).toEqual({
        id: 'remote',
        send_invite_on_create: true,
        invite_target: { kind: 'team', id: 'helpdesk' },
      }),
    );
    expect(within(row).getByTestId<HTMLInputElement>('ticket-type-send-invite').checked).toBe(true);
  });

  it('a field Splashtop cannot launch by is offered disabled, with the core\'s reason', async () => {
    const reason = 'IP address is a text field: Splashtop launches by MAC address or Splashtop device ID only';
    await openSettings({
      directory: () =>
        directory({
          launch_fields: [
            { key: 'mac_address', label: 'MAC address (Computer)', usable: true, reason: null },
            { key: 'ip_address', label: 'IP address (Computer)', usable: false, reason },
          ],
        }),
    });
    const picker = await screen.findByTestId('rs-splashtop-primary');
    const ip = within(picker).getByRole<HTMLOptionElement>('option', { name: 'IP address (Computer)' });
    expect(ip.disabled).toBe(true);
    expect(screen.getByTestId('rs-unusable-fields')).toHaveTextContent(reason);
  });
});

describe('Settings → SyncroMSP: the import preview', () => {
  const preview = {
    id: 'p1',
    kind: 'assets' as const,
    fetched_at: '2026-11-30T08:00:00Z',
    counts: { create: 2, update: 1, skip: 1 },
    new_types: ['Label Printer'],
    notes: [],
    applied: 0,
  };
  const row = (syncro_id: number, action: 'create' | 'update' | 'skip', reason: string) => ({
    syncro_id,
    name: `PC-${syncro_id}`,
    action,
    reason,
    target_id: null,
    changes: action === 'update' ? ['OS: Windows 10 → Windows 11'] : [],
    warnings: syncro_id === 502 ? ['Purchased: "18/03/2024" is not a date like 2026-11-21; left as it was'] : [],
  });
  const rows = [
    row(501, 'update', "matched by serial 'PC-0042'"),
    row(502, 'create', "new: serial 'None' is excluded from matching"),
    row(503, 'create', "new: serial 'None' is excluded from matching"),
    row(504, 'skip', 'matched by Syncro id 504; nothing changed'),
  ];

  it("shows every row with the core's reason, filters by action, and runs exactly that preview", async () => {
    const { canned } = await openSettings({
      preview_syncro_import: () => preview,
      syncro_import_rows: ({ query }) => {
        const matching = rows.filter((r) => query.action === null || query.action === undefined || r.action === query.action);
        return { rows: matching, matching: matching.length };
      },
      run_syncro_import: () => ({
        kind: 'assets',
        at: '2026-11-30T08:01:00Z',
        created: 2,
        updated: 1,
        skipped: 1,
        new_types: 1,
        scheduled: false,
      }),
    });
    await fireEvent.click(await screen.findByTestId('import-preview-assets'));
    expect(canned.sent('preview_syncro_import')).toEqual([{ kind: 'assets' }]);
    const panel = await screen.findByTestId('import-preview');
    expect(within(panel).getAllByTestId('import-row')).toHaveLength(4);
    expect(within(panel).getByTestId('import-count-create')).toHaveTextContent('2');
    expect(panel).toHaveTextContent("matched by serial 'PC-0042'");
    expect(panel).toHaveTextContent('OS: Windows 10 → Windows 11');
    expect(within(panel).getByTestId('import-warnings')).toHaveTextContent('is not a date');
    expect(panel).toHaveTextContent('New asset types: Label Printer');

    await fireEvent.click(within(panel).getByTestId('import-filter-skip'));
    await waitFor(() => expect(within(panel).getAllByTestId('import-row')).toHaveLength(1));
    expect(canned.sent('syncro_import_rows').at(-1)?.query.action).toBe('skip');

    await fireEvent.click(within(panel).getByTestId('import-run'));
    await waitFor(() => expect(screen.queryByTestId('import-preview')).toBeNull());
    expect(canned.sent('run_syncro_import')).toEqual([{ preview_id: 'p1' }]);
    expect(screen.getByTestId('import-runs')).toHaveTextContent('2 created, 1 updated, 1 skipped, 1 new types');
  });

  it('keeps the preview and says why when the core writes nothing', async () => {
    const changed = 'Syncro changed 1 assets since the preview (PC-503): nothing was written; preview again';
    // The core keeps the preview it refused to run.
    let held: typeof preview | null = null;
    await openSettings({
      preview_syncro_import: () => (held = preview),
      syncro_import_rows: () => ({ rows, matching: rows.length }),
      run_syncro_import: refuse('conflict', changed),
      syncro_import_preview: () => held,
    });
    await fireEvent.click(await screen.findByTestId('import-preview-assets'));
    const panel = await screen.findByTestId('import-preview');
    await fireEvent.click(within(panel).getByTestId('import-run'));
    expect(await screen.findByTestId('import-error')).toHaveTextContent(changed);
    expect(screen.getByTestId('import-preview')).toBeInTheDocument();
  });
});

describe('Settings → Team', () => {
  it('Join a team sends the address and the token once; the token then stays nowhere; a refusal is said', async () => {
    const TEAM_TOKEN = 'tether_5e1f-TEAMSECRET';
    const { canned, app } = await openSettings({
      join_team: refuse('invalid_input', 'the team server refused this token: unknown or revoked'),
    });
    await fireEvent.input(input('team-server'), { target: { value: 'https://tether.msp.example' } });
    await fireEvent.input(input('team-token'), { target: { value: TEAM_TOKEN } });
    await fireEvent.click(screen.getByTestId('join-team-submit'));
    expect(await screen.findByTestId('team-error')).toHaveTextContent('refused this token');
    expect(canned.sent('join_team')).toEqual([{ join: { server: 'https://tether.msp.example', token: TEAM_TOKEN } }]);
    expect(pageHolds(TEAM_TOKEN)).toBe(false);
    expect(stateHolds(app, TEAM_TOKEN)).toBe(false);
  });

  it("in a team, an action the team's board refused on replay shows the core's refusal until dismissed", async () => {
    const refused = {
      id: 7,
      command: 'take',
      summary: 'take: Dana Whitfield',
      queued_at: '2026-11-30T09:00:00Z',
      refusal: { code: 'illegal_transition' as const, message: 'Cannot take a session that is Closed' },
    };
    const { canned } = await openSettings({
      workspace: () => ({ kind: 'team', needs_technician: false, splashtop: true }),
      team_status: () => teamStatus({ server: 'https://tether.msp.example', technician: 'sam', online: true, queued: [refused] }),
      dismiss_team_action: () => teamStatus({ server: 'https://tether.msp.example', technician: 'sam', online: true }),
    });
    expect(await screen.findByTestId('team-refusal')).toHaveTextContent('Cannot take a session that is Closed');
    expect(screen.getByTestId('team-online')).toHaveTextContent('online');
    await fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(canned.sent('dismiss_team_action')).toEqual([{ id: 7 }]);
    await waitFor(() => expect(screen.queryByTestId('team-refusal')).toBeNull());
  });
});
