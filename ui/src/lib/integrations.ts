// CR1: how an integration's card sums itself up. Only what is saved counts: drafts in a card
// are not "configured" until Save.
import type { Integration } from './bindings/Integration';
import type { IntegrationKind } from './bindings/IntegrationKind';

export type IntegrationStatus = 'not_set_up' | 'configured' | 'test_passed' | 'test_failed';

/** Every required field filled: non-secret values saved, secret fields stored in the keychain. */
export function isConfigured(integration: Integration): boolean {
  return integration.fields
    .filter((f) => f.required)
    .every((f) =>
      f.kind === 'secret'
        ? integration.stored_secrets.includes(f.key)
        : (integration.values[f.key] ?? '').trim() !== '',
    );
}

/**
 * Whether each technician authorises this provider with their own account (OAuth), besides
 * what an admin enters; mirrors IntegrationKind::per_technician_oauth in the core.
 */
export function perTechnicianOAuth(kind: IntegrationKind): boolean {
  return kind === 'teamviewer' || kind === 'splashtop';
}

/**
 * What authorising changes, said in the card's account section: a technician who does not
 * authorise still works, with the admin's credentials. Null when the section says enough.
 */
export function oauthExplanation(kind: IntegrationKind): string | null {
  switch (kind) {
    case 'splashtop':
      return (
        'Once an admin enters the OAuth app above, each technician can authorise with their own Splashtop account, ' +
        "so the sessions they create are created as them. Without authorising, the board uses the admin's API token."
      );
    default:
      return null;
  }
}

export function integrationStatus(integration: Integration): IntegrationStatus {
  if (integration.last_test) return integration.last_test.ok ? 'test_passed' : 'test_failed';
  return isConfigured(integration) ? 'configured' : 'not_set_up';
}

export function integrationStatusLabel(status: IntegrationStatus): string {
  switch (status) {
    case 'not_set_up':
      return 'Not set up';
    case 'configured':
      return 'Configured';
    case 'test_passed':
      return 'Test passed';
    case 'test_failed':
      return 'Test failed';
  }
}
