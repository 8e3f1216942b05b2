// Settings → Integrations (CR1) as an admin uses it: real components, the memory backend behind
// them. A secret typed into a card must reach the backend and then be gone from the page.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../App.svelte';
import { KEYCHAIN_UNAVAILABLE, type MemoryBackend } from '../lib/backend-memory';
import type { IntegrationKind } from '../lib/bindings/IntegrationKind';
import type { TestOutcome } from '../lib/bindings/TestOutcome';
import type { ErrorDto } from '../lib/bindings/ErrorDto';
import { backend, NOW } from './fixtures';

const TOKEN = 'sk-live-7f3a9c1e-TOPSECRET';

async function openIntegrations(b: MemoryBackend): Promise<HTMLElement> {
  render(App, { props: { backend: b } });
  await screen.findByTestId('provider-row');
  await fireEvent.click(screen.getByTestId('nav-settings'));
  return screen.findByTestId('integration-splashtop');
}

function field(kind: IntegrationKind, key: string): HTMLInputElement {
  return screen.getByTestId(`integration-field-${kind}-${key}`) as HTMLInputElement;
}

async function type(kind: IntegrationKind, key: string, value: string): Promise<void> {
  await fireEvent.input(field(kind, key), { target: { value } });
}

/** Everything on the page a secret could hide in: text, markup, attributes and live input values. */
function pageHolds(needle: string): boolean {
  if (document.documentElement.outerHTML.includes(needle)) return true;
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) if (attr.value.includes(needle)) return true;
  }
  for (const el of document.querySelectorAll('input, textarea')) {
    if ((el as HTMLInputElement).value.includes(needle)) return true;
  }
  return false;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('Settings → Integrations', () => {
  it('shows one card per provider, in order, with its fields, placeholders and help', async () => {
    await openIntegrations(backend());
    const cards = within(screen.getByTestId('integrations')).getAllByRole('article');
    expect(cards.map((c) => c.dataset.testid)).toEqual([
      'integration-splashtop',
      'integration-beyondtrust',
      'integration-teamviewer',
      'integration-syncro',
      'integration-smtp',
    ]);
    const card = screen.getByTestId('integration-splashtop');
    expect(card).toHaveTextContent('Splashtop');
    expect(screen.getByTestId('integration-status-splashtop')).toHaveTextContent('Not set up');
    expect(field('splashtop', 'base_url')).toHaveAttribute('placeholder', 'https://webapi.splashtop.com');
    expect(card).toHaveTextContent('EU accounts: https://webapi.splashtop.eu');
    const secret = field('splashtop', 'api_token');
    expect(secret).toHaveAttribute('type', 'password');
    expect(secret).toHaveAttribute('autocomplete', 'off');
    expect(secret).toHaveValue('');
    expect(screen.getByLabelText('API token')).toBe(secret);
    expect(field('beyondtrust', 'client_id')).toHaveAttribute('type', 'text');
    expect(screen.getByTestId('integration-save-splashtop')).toBeDisabled();
  });

  it('the email (SMTP) card has no address field, and its encryption is a choice', async () => {
    const b = backend();
    await openIntegrations(b);
    const card = screen.getByTestId('integration-smtp');
    expect(card).toHaveTextContent('Email (SMTP)');
    expect(screen.queryByTestId('integration-field-smtp-base_url')).not.toBeInTheDocument();
    const tls = field('smtp', 'tls') as unknown as HTMLSelectElement;
    expect(tls.tagName).toBe('SELECT');
    expect([...tls.options].map((o) => o.value)).toEqual(['', 'starttls', 'tls', 'none']);
    expect(tls).toHaveValue('');
    expect(screen.getByLabelText('Encryption')).toBe(tls);
    expect(field('smtp', 'password')).toHaveAttribute('type', 'password');
    expect(screen.getByLabelText('Password (optional)')).toBe(field('smtp', 'password'));
    expect(screen.getByTestId('integration-status-smtp')).toHaveTextContent('Not set up');

    await type('smtp', 'host', 'smtp.example.com');
    await fireEvent.change(tls, { target: { value: 'tls' } });
    await type('smtp', 'from', 'Support <support@example.com>');
    await fireEvent.click(screen.getByTestId('integration-save-smtp'));
    await waitFor(() => expect(screen.getByTestId('integration-status-smtp')).toHaveTextContent('Configured'));
    expect((await b.integrations())[4].values).toEqual({
      host: 'smtp.example.com',
      tls: 'tls',
      from: 'Support <support@example.com>',
    });
    expect(field('smtp', 'tls')).toHaveValue('tls');
    await fireEvent.click(screen.getByTestId('integration-test-smtp'));
    expect(await screen.findByTestId('integration-test-result-smtp')).toHaveTextContent('Sandbox Email (SMTP) answered');
  });

  it('refuses a choice that is not one of the options', async () => {
    const b = backend();
    const e = await b
      .saveIntegration({ kind: 'smtp', enabled: true, values: { host: 'h', tls: 'ssl3', from: 'a@b.c' }, secrets: {} })
      .catch((x: ErrorDto) => x);
    expect(e).toEqual({ code: 'invalid_input', message: 'Encryption is one of starttls, tls, none, not "ssl3"' });
    expect((await b.saveIntegration({ kind: 'smtp', enabled: true, values: { tls: 'STARTTLS' }, secrets: {} })).values).toEqual({
      tls: 'starttls',
    });
  });

  it('marks optional fields, and a card with only its required fields filled is configured', async () => {
    await openIntegrations(backend([], { integrations: { teamviewer: { values: { base_url: 'https://webapi.teamviewer.com/api/v1' } } } }));
    expect(screen.getByLabelText('Address', { selector: '#integration-teamviewer-base_url' })).toBe(field('teamviewer', 'base_url'));
    const teamviewer = within(screen.getByTestId('integration-teamviewer'));
    expect(teamviewer.getByLabelText('OAuth app client ID (optional)')).toBe(field('teamviewer', 'client_id'));
    expect(teamviewer.getByLabelText('OAuth app client secret (optional)')).toBe(field('teamviewer', 'client_secret'));
    expect(teamviewer.getByLabelText('Script token (optional)')).toBe(field('teamviewer', 'script_token'));
    // SP1: Splashtop's OAuth app is optional too; its address and API token are not.
    const splashtop = within(screen.getByTestId('integration-splashtop'));
    expect(splashtop.getByLabelText('OAuth app client ID (optional)')).toBe(field('splashtop', 'client_id'));
    expect(splashtop.getByLabelText('OAuth app client secret (optional)')).toBe(field('splashtop', 'client_secret'));
    expect(splashtop.getByLabelText('API token')).toBe(field('splashtop', 'api_token'));
    expect(screen.getByTestId('integration-syncro')).not.toHaveTextContent('(optional)');
    expect(screen.getByTestId('integration-status-teamviewer')).toHaveTextContent('Configured');
    expect(screen.getByTestId('integration-status-syncro')).toHaveTextContent('Not set up');
  });

  it('prefills saved values and shows stored secrets without their value', async () => {
    await openIntegrations(
      backend([], {
        integrations: { syncro: { enabled: true, values: { base_url: 'https://acme.syncromsp.com/api/v1' }, stored: ['api_key'] } },
      }),
    );
    expect(field('syncro', 'base_url')).toHaveValue('https://acme.syncromsp.com/api/v1');
    expect(screen.getByTestId('integration-enabled-syncro')).toBeChecked();
    expect(screen.getByTestId('integration-secret-stored-syncro-api_key')).toHaveTextContent('Stored in the keychain');
    expect(screen.queryByTestId('integration-field-syncro-api_key')).not.toBeInTheDocument();
    expect(screen.getByTestId('integration-status-syncro')).toHaveTextContent('Configured');
  });

  it('saving a secret stores it in the keychain and empties the password input', async () => {
    const b = backend();
    await openIntegrations(b);
    await type('splashtop', 'base_url', 'https://webapi.splashtop.com');
    await type('splashtop', 'api_token', TOKEN);
    const input = field('splashtop', 'api_token');
    const save = screen.getByTestId('integration-save-splashtop');
    expect(save).toBeEnabled();
    await fireEvent.click(save);
    const stored = await screen.findByTestId('integration-secret-stored-splashtop-api_token');
    expect(stored).toHaveTextContent('Stored in the keychain');
    expect(screen.queryByTestId('integration-field-splashtop-api_token')).not.toBeInTheDocument();
    expect(input).not.toBeInTheDocument();
    expect(input.value).toBe('');
    expect(screen.getByTestId('integration-status-splashtop')).toHaveTextContent('Configured');
    expect(screen.getByTestId('integration-save-splashtop')).toBeDisabled();
    const [splashtop] = await b.integrations();
    expect(splashtop.stored_secrets).toEqual(['api_token']);
    expect(splashtop.values.base_url).toBe('https://webapi.splashtop.com');
  });

  it('never leaves the secret in the page after saving, nor in a toast', async () => {
    await openIntegrations(backend());
    await type('splashtop', 'base_url', 'https://webapi.splashtop.com');
    await type('splashtop', 'api_token', TOKEN);
    expect(pageHolds(TOKEN)).toBe(true);
    await fireEvent.click(screen.getByTestId('integration-save-splashtop'));
    await screen.findByTestId('integration-secret-stored-splashtop-api_token');
    await screen.findByText('Splashtop settings saved');
    expect(pageHolds(TOKEN)).toBe(false);
    expect(document.body.textContent).not.toContain(TOKEN);
    // Replace shows an input again: still empty, nothing was kept to prefill it.
    await fireEvent.click(screen.getByTestId('integration-secret-replace-splashtop-api_token'));
    expect(field('splashtop', 'api_token')).toHaveValue('');
    expect(pageHolds(TOKEN)).toBe(false);
  });

  it('Replace shows an empty input again, and a new value replaces the stored one', async () => {
    const b = backend([], { integrations: { teamviewer: { stored: ['script_token'] } } });
    await openIntegrations(b);
    await fireEvent.click(screen.getByTestId('integration-secret-replace-teamviewer-script_token'));
    const input = field('teamviewer', 'script_token');
    expect(input).toHaveValue('');
    expect(input).toHaveAttribute('type', 'password');
    expect(screen.getByTestId('integration-save-teamviewer')).toBeDisabled();
    // Changing one's mind keeps the stored one.
    await fireEvent.click(screen.getByTestId('integration-secret-keep-teamviewer-script_token'));
    expect(screen.getByTestId('integration-secret-stored-teamviewer-script_token')).toBeInTheDocument();
    await fireEvent.click(screen.getByTestId('integration-secret-replace-teamviewer-script_token'));
    await type('teamviewer', 'script_token', 'new-token');
    await fireEvent.click(screen.getByTestId('integration-save-teamviewer'));
    expect(await screen.findByTestId('integration-secret-stored-teamviewer-script_token')).toBeInTheDocument();
    expect(screen.queryByTestId('integration-field-teamviewer-script_token')).not.toBeInTheDocument();
  });

  it('Remove asks first, then un-stores the secret', async () => {
    const b = backend([], {
      integrations: { splashtop: { values: { base_url: 'https://webapi.splashtop.com' }, stored: ['api_token'] } },
    });
    await openIntegrations(b);
    expect(screen.getByTestId('integration-status-splashtop')).toHaveTextContent('Configured');
    await fireEvent.click(screen.getByTestId('integration-secret-remove-splashtop-api_token'));
    const stored = screen.getByTestId('integration-secret-stored-splashtop-api_token');
    expect(stored).toHaveTextContent('Remove the API token from the keychain?');
    await fireEvent.click(screen.getByTestId('integration-secret-remove-cancel-splashtop-api_token'));
    expect((await b.integrations())[0].stored_secrets).toEqual(['api_token']);
    expect(screen.getByTestId('integration-secret-remove-splashtop-api_token')).toBeInTheDocument();

    await fireEvent.click(screen.getByTestId('integration-secret-remove-splashtop-api_token'));
    await fireEvent.click(screen.getByTestId('integration-secret-remove-confirm-splashtop-api_token'));
    const input = await waitFor(() => field('splashtop', 'api_token'));
    expect(input).toHaveValue('');
    expect(screen.queryByTestId('integration-secret-stored-splashtop-api_token')).not.toBeInTheDocument();
    expect(screen.getByTestId('integration-status-splashtop')).toHaveTextContent('Not set up');
    expect((await b.integrations())[0].stored_secrets).toEqual([]);
  });

  it('Test configuration says what is missing, then that the provider answered', async () => {
    const b = backend();
    await openIntegrations(b);
    await fireEvent.click(screen.getByTestId('integration-test-splashtop'));
    const failed = await screen.findByTestId('integration-test-result-splashtop');
    expect(failed).toHaveTextContent('Fill in Address and API token first');
    expect(failed).toHaveAttribute('data-ok', 'false');
    expect(failed).toHaveClass('bad');
    expect(failed.querySelector('time')).toHaveAttribute('datetime', '2025-03-04T10:00:00.000Z');
    expect(screen.getByTestId('integration-status-splashtop')).toHaveTextContent('Test failed');

    await type('splashtop', 'base_url', 'https://webapi.splashtop.com');
    await type('splashtop', 'api_token', TOKEN);
    await fireEvent.click(screen.getByTestId('integration-save-splashtop'));
    await screen.findByTestId('integration-secret-stored-splashtop-api_token');
    await fireEvent.click(screen.getByTestId('integration-test-splashtop'));
    await waitFor(() =>
      expect(screen.getByTestId('integration-test-result-splashtop')).toHaveTextContent('Sandbox Splashtop answered'),
    );
    const passed = screen.getByTestId('integration-test-result-splashtop');
    expect(passed).toHaveAttribute('data-ok', 'true');
    expect(passed).toHaveClass('ok');
    expect(screen.getByTestId('integration-status-splashtop')).toHaveTextContent('Test passed');
  });

  it('shows a spinner while the test runs', async () => {
    const b = backend();
    let answer: (outcome: TestOutcome) => void = () => {};
    b.testIntegration = () => new Promise<TestOutcome>((resolve) => (answer = resolve));
    await openIntegrations(b);
    const button = screen.getByTestId('integration-test-beyondtrust');
    await fireEvent.click(button);
    expect(screen.getByTestId('integration-test-spinner-beyondtrust')).toBeInTheDocument();
    expect(button).toHaveAttribute('aria-busy', 'true');
    expect(button).toHaveTextContent('Testing…');
    answer({ ok: false, code: 'provider_unauthorized', message: 'BeyondTrust refused the client secret', at: '2025-03-04T10:00:00Z' });
    const result = await screen.findByTestId('integration-test-result-beyondtrust');
    expect(result).toHaveTextContent('BeyondTrust refused the client secret');
    expect(screen.queryByTestId('integration-test-spinner-beyondtrust')).not.toBeInTheDocument();
    expect(button).toHaveTextContent('Test configuration');
  });

  it('an unexpected test failure is shown on the card', async () => {
    const b = backend();
    b.testIntegration = () => Promise.reject({ code: 'internal', message: 'the HTTP client could not start' });
    await openIntegrations(b);
    await fireEvent.click(screen.getByTestId('integration-test-syncro'));
    expect(await screen.findByTestId('integration-error-syncro')).toHaveTextContent('the HTTP client could not start');
    expect(screen.queryByTestId('integration-test-result-syncro')).not.toBeInTheDocument();
  });

  it('a refused save keeps what was typed and says why on the card', async () => {
    const b = backend();
    await openIntegrations(b);
    await type('beyondtrust', 'base_url', 'support dot example');
    await type('beyondtrust', 'client_id', 'tether-console');
    await fireEvent.click(screen.getByTestId('integration-save-beyondtrust'));
    const error = await screen.findByTestId('integration-error-beyondtrust');
    expect(error).toHaveTextContent('use https://host');
    expect(field('beyondtrust', 'base_url')).toHaveValue('support dot example');
    expect(field('beyondtrust', 'client_id')).toHaveValue('tether-console');
    expect(screen.getByTestId('integration-save-beyondtrust')).toBeEnabled();
    expect((await b.integrations())[1].values).toEqual({});
    // Fixed, it saves, and the message goes.
    await type('beyondtrust', 'base_url', 'https://support.example.com');
    await fireEvent.click(screen.getByTestId('integration-save-beyondtrust'));
    await waitFor(() => expect(screen.queryByTestId('integration-error-beyondtrust')).not.toBeInTheDocument());
    expect((await b.integrations())[1].values).toEqual({
      base_url: 'https://support.example.com',
      client_id: 'tether-console',
    });
  });

  it('says prominently when the keychain is unavailable, keeping values but not the secret', async () => {
    const b = backend();
    b.setKeychainUnavailable(KEYCHAIN_UNAVAILABLE);
    await openIntegrations(b);
    await type('syncro', 'base_url', 'https://acme.syncromsp.com/api/v1');
    await type('syncro', 'api_key', TOKEN);
    await fireEvent.click(screen.getByTestId('integration-save-syncro'));
    const error = await screen.findByTestId('integration-error-syncro');
    expect(error).toHaveAttribute('role', 'alert');
    expect(error).toHaveTextContent('The keychain is unavailable');
    expect(error).toHaveTextContent('gnome-keyring');
    expect(field('syncro', 'base_url')).toHaveValue('https://acme.syncromsp.com/api/v1');
    expect(field('syncro', 'api_key')).toHaveValue('');
    expect(pageHolds(TOKEN)).toBe(false);
    expect((await b.integrations())[3].stored_secrets).toEqual([]);
  });

  it('Enter in a field saves its card, and the Enabled toggle is saved with it', async () => {
    const b = backend();
    await openIntegrations(b);
    await fireEvent.click(screen.getByTestId('integration-enabled-teamviewer'));
    expect(screen.getByTestId('integration-save-teamviewer')).toBeEnabled();
    await type('teamviewer', 'base_url', 'https://webapi.teamviewer.com/api/v1');
    await fireEvent.keyDown(field('teamviewer', 'base_url'), { key: 'Enter' });
    await waitFor(() => expect(screen.getByTestId('integration-save-teamviewer')).toBeDisabled());
    const teamviewer = (await b.integrations())[2];
    expect(teamviewer.enabled).toBe(true);
    expect(teamviewer.values.base_url).toBe('https://webapi.teamviewer.com/api/v1');
    // Other cards are left alone.
    expect((await b.integrations())[0].enabled).toBe(false);
  });
});

describe('Settings → Integrations: your TeamViewer account', () => {
  const APP = { values: { base_url: 'https://webapi.teamviewer.com/api/v1', client_id: 'tether-app' }, stored: ['client_secret'] };

  // Only the clock is pinned (expiry reads "in 1 h"); timers stay real for waitFor.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  async function openAccount(b: MemoryBackend): Promise<HTMLElement> {
    await openIntegrations(b);
    const section = await screen.findByTestId('integration-oauth-teamviewer');
    await waitFor(() => expect(status()).toHaveAttribute('data-authorised'));
    return section;
  }

  function status(): HTMLElement {
    return screen.getByTestId('integration-authorisation-teamviewer');
  }

  /** The technician's side of the browser: a test decides when they consent, or what fails. */
  function browser(b: MemoryBackend): { consent: () => void; fail: (e: ErrorDto) => void } {
    const control = { consent: () => {}, fail: (_e: ErrorDto) => {} };
    b.setConsent(
      () =>
        new Promise<void>((resolve, reject) => {
          control.consent = resolve;
          control.fail = reject;
        }),
    );
    return control;
  }

  it('is on the TeamViewer and Splashtop cards only', async () => {
    await openAccount(backend([], { integrations: { teamviewer: APP } }));
    expect(screen.getByTestId('integration-oauth-teamviewer')).toHaveTextContent('Your TeamViewer account');
    expect(within(screen.getByTestId('integration-teamviewer')).getByTestId('integration-oauth-teamviewer')).toBeInTheDocument();
    expect(within(screen.getByTestId('integration-splashtop')).getByTestId('integration-oauth-splashtop')).toBeInTheDocument();
    for (const kind of ['beyondtrust', 'syncro', 'smtp']) {
      expect(screen.queryByTestId(`integration-oauth-${kind}`)).not.toBeInTheDocument();
    }
  });

  it('says an admin enters the OAuth app first, and Authorise only looks unavailable', async () => {
    const b = backend();
    const section = await openAccount(b);
    expect(status()).toHaveTextContent('Not authorised');
    expect(section).toHaveTextContent('An admin enters the OAuth app above first');
    const authorise = screen.getByTestId('integration-authorise-teamviewer');
    expect(authorise).toHaveAttribute('aria-disabled', 'true');
    expect(authorise).toHaveAttribute('title', 'An admin enters the OAuth app above first');
    expect(authorise).not.toHaveAttribute('disabled');
    // Clicked anyway, the refusal says why.
    await fireEvent.click(authorise);
    expect(await screen.findByTestId('integration-oauth-error-teamviewer')).toHaveTextContent(
      "an admin must enter TeamViewer's OAuth app first",
    );
    // Once the admin saves the app, the status is loaded again and Authorise is available.
    await type('teamviewer', 'client_id', 'tether-app');
    await type('teamviewer', 'client_secret', 'app-secret');
    await fireEvent.click(screen.getByTestId('integration-save-teamviewer'));
    await waitFor(() => expect(section).not.toHaveTextContent('An admin enters the OAuth app above first'));
    expect(screen.getByTestId('integration-authorise-teamviewer')).not.toHaveAttribute('aria-disabled');
    expect(screen.queryByTestId('integration-oauth-error-teamviewer')).not.toBeInTheDocument();
    expect(status()).toHaveTextContent('Not authorised');
  });

  it('waits for the browser, links to the sign-in page, then shows Authorised', async () => {
    const b = backend([], { integrations: { teamviewer: APP } });
    const browserSide = browser(b);
    const section = await openAccount(b);
    expect(status()).toHaveTextContent('Not authorised');
    expect(status()).toHaveAttribute('data-authorised', 'false');
    expect(screen.queryByTestId('integration-disconnect-teamviewer')).not.toBeInTheDocument();
    const authorise = screen.getByTestId('integration-authorise-teamviewer');
    expect(authorise).toHaveTextContent('Authorise…');

    await fireEvent.click(authorise);
    expect(authorise).toHaveTextContent('Waiting for your browser…');
    expect(authorise).toHaveAttribute('aria-busy', 'true');
    expect(screen.getByTestId('integration-authorise-spinner-teamviewer')).toBeInTheDocument();
    const link = await screen.findByTestId('integration-authorise-link-teamviewer');
    expect(link.tagName).toBe('A');
    expect(link).toHaveTextContent('open the TeamViewer sign-in page');
    expect(section).toHaveTextContent('If your browser did not open, open the TeamViewer sign-in page');
    const href = new URL(link.getAttribute('href') ?? '');
    expect(href.origin + href.pathname).toBe('https://webapi.teamviewer.com/api/v1/oauth2/authorize');
    expect(href.searchParams.get('client_id')).toBe('tether-app');
    // A second click while waiting does not start another authorisation.
    await fireEvent.click(authorise);
    expect(screen.queryByTestId('integration-oauth-error-teamviewer')).not.toBeInTheDocument();

    browserSide.consent();
    await waitFor(() => expect(status()).toHaveTextContent('Authorised'));
    expect(status()).not.toHaveTextContent('Not authorised');
    expect(status()).toHaveAttribute('data-authorised', 'true');
    expect(status()).toHaveTextContent('the access token expires in 1 h');
    expect(status().querySelector('time')).toHaveAttribute('datetime', '2025-03-04T11:00:00.000Z');
    expect(screen.getByTestId('integration-disconnect-teamviewer')).toHaveTextContent('Disconnect');
    expect(screen.queryByTestId('integration-authorise-teamviewer')).not.toBeInTheDocument();
    expect(screen.queryByTestId('integration-authorise-link-teamviewer')).not.toBeInTheDocument();
    expect(screen.queryByTestId('integration-authorise-spinner-teamviewer')).not.toBeInTheDocument();
    expect(await screen.findByText('TeamViewer: you are authorised')).toBeInTheDocument();
    expect((await b.authorisation('teamviewer')).authorised).toBe(true);
  });

  it('Disconnect returns to Not authorised', async () => {
    const b = backend([], { integrations: { teamviewer: APP }, authorised: [{ kind: 'teamviewer', technician: 'alex' }] });
    await openAccount(b);
    expect(status()).toHaveTextContent('Authorised');
    await fireEvent.click(screen.getByTestId('integration-disconnect-teamviewer'));
    await waitFor(() => expect(status()).toHaveTextContent('Not authorised'));
    expect(screen.queryByTestId('integration-disconnect-teamviewer')).not.toBeInTheDocument();
    expect(screen.getByTestId('integration-authorise-teamviewer')).toHaveTextContent('Authorise…');
    expect((await b.authorisation('teamviewer')).authorised).toBe(false);
  });

  it('an authorisation that fails says why on the card and offers the button again', async () => {
    const b = backend([], { integrations: { teamviewer: APP } });
    const browserSide = browser(b);
    await openAccount(b);
    await fireEvent.click(screen.getByTestId('integration-authorise-teamviewer'));
    await screen.findByTestId('integration-authorise-link-teamviewer');
    browserSide.fail({ code: 'oauth_timed_out', message: 'the browser did not come back in time; authorise again' });
    const error = await screen.findByTestId('integration-oauth-error-teamviewer');
    expect(error).toHaveAttribute('role', 'alert');
    expect(error).toHaveTextContent('the browser did not come back in time; authorise again');
    const authorise = screen.getByTestId('integration-authorise-teamviewer');
    expect(authorise).toHaveTextContent('Authorise…');
    expect(authorise).not.toHaveAttribute('aria-busy', 'true');
    expect(status()).toHaveTextContent('Not authorised');
    expect(screen.queryByTestId('integration-authorise-link-teamviewer')).not.toBeInTheDocument();
    // The admin's error box stays out of it.
    expect(screen.queryByTestId('integration-error-teamviewer')).not.toBeInTheDocument();
    // Trying again clears the message.
    await fireEvent.click(authorise);
    expect(screen.queryByTestId('integration-oauth-error-teamviewer')).not.toBeInTheDocument();
  });

  it("shows the current technician's own authorisation", async () => {
    const b = backend([], { integrations: { teamviewer: APP }, authorised: [{ kind: 'teamviewer', technician: 'alex' }] });
    await openAccount(b);
    expect(status()).toHaveTextContent('Authorised');
    await fireEvent.change(screen.getByTestId('current-technician'), { target: { value: 'sam' } });
    await waitFor(() => expect(status()).toHaveTextContent('Not authorised'));
  });
});

describe('Settings → Integrations: your Splashtop account (SP1)', () => {
  const APP = { values: { base_url: 'https://webapi.splashtop.com', client_id: 'tether-st' }, stored: ['api_token', 'client_secret'] };

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function status(): HTMLElement {
    return screen.getByTestId('integration-authorisation-splashtop');
  }

  async function openAccount(b: MemoryBackend): Promise<HTMLElement> {
    await openIntegrations(b);
    const section = await screen.findByTestId('integration-oauth-splashtop');
    await waitFor(() => expect(status()).toHaveAttribute('data-authorised'));
    return section;
  }

  it('says sessions are created as the technician once authorised, and the API token is used until then', async () => {
    const section = await openAccount(backend([], { integrations: { splashtop: APP } }));
    expect(section).toHaveTextContent('Your Splashtop account');
    const about = screen.getByTestId('integration-oauth-about-splashtop');
    expect(about).toHaveTextContent('each technician can authorise with their own Splashtop account');
    expect(about).toHaveTextContent('the sessions they create are created as them');
    expect(about).toHaveTextContent("Without authorising, the board uses the admin's API token");
    expect(section).toHaveAttribute('aria-describedby', about.id);
    expect(screen.queryByTestId('integration-oauth-about-teamviewer')).not.toBeInTheDocument();
  });

  it('without the OAuth app, Authorise only looks unavailable', async () => {
    const section = await openAccount(
      backend([], { integrations: { splashtop: { values: { base_url: 'https://webapi.splashtop.com' }, stored: ['api_token'] } } }),
    );
    // The API token alone configures the card: the OAuth app is optional.
    expect(screen.getByTestId('integration-status-splashtop')).toHaveTextContent('Configured');
    expect(status()).toHaveTextContent('Not authorised');
    expect(section).toHaveTextContent('An admin enters the OAuth app above first');
    expect(screen.getByTestId('integration-authorise-splashtop')).toHaveAttribute('aria-disabled', 'true');
  });

  it('shows Authorise, and authorising flips it to Authorised with Disconnect', async () => {
    const b = backend([], { integrations: { splashtop: APP } });
    let consent: () => void = () => {};
    b.setConsent(() => new Promise<void>((resolve) => (consent = resolve)));
    await openAccount(b);
    expect(status()).toHaveTextContent('Not authorised');
    expect(status()).toHaveAttribute('data-authorised', 'false');
    const authorise = screen.getByTestId('integration-authorise-splashtop');
    expect(authorise).toHaveTextContent('Authorise…');
    expect(authorise).not.toHaveAttribute('aria-disabled');
    expect(screen.queryByTestId('integration-disconnect-splashtop')).not.toBeInTheDocument();

    await fireEvent.click(authorise);
    expect(authorise).toHaveTextContent('Waiting for your browser…');
    const link = await screen.findByTestId('integration-authorise-link-splashtop');
    expect(link).toHaveTextContent('open the Splashtop sign-in page');
    const href = new URL(link.getAttribute('href') ?? '');
    expect(href.origin + href.pathname).toBe('https://webapi.splashtop.com/oauth/authorize');
    expect(href.searchParams.get('client_id')).toBe('tether-st');

    consent();
    await waitFor(() => expect(status()).toHaveAttribute('data-authorised', 'true'));
    expect(status()).toHaveTextContent('Authorised');
    expect(status()).toHaveTextContent('the access token expires in 1 h');
    expect(screen.queryByTestId('integration-authorise-splashtop')).not.toBeInTheDocument();
    expect(await screen.findByText('Splashtop: you are authorised')).toBeInTheDocument();
    expect((await b.authorisation('splashtop')).authorised).toBe(true);
    // TeamViewer's authorisation is its own.
    expect(screen.getByTestId('integration-authorisation-teamviewer')).toHaveTextContent('Not authorised');

    await fireEvent.click(screen.getByTestId('integration-disconnect-splashtop'));
    await waitFor(() => expect(status()).toHaveAttribute('data-authorised', 'false'));
    expect(screen.getByTestId('integration-authorise-splashtop')).toHaveTextContent('Authorise…');
    expect((await b.authorisation('splashtop')).authorised).toBe(false);
  });
});
