// The workspace as the window starts on it: a workspace with nobody at the desk asks who is
// first; the demo offers to set up the desk's own; what the core refuses is said where it
// was typed. The canned replies stand in for the core.
import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { board } from './builders';
import { refuse } from './canned';
import { renderApp } from './render';

describe('the workspace', () => {
  it('with nobody at the desk, asks who is first and sends that technician', async () => {
    const { canned } = await renderApp({
      workspace: () => ({ kind: 'real', needs_technician: true, splashtop: false }),
      leave_demo: () => ({ kind: 'real', needs_technician: false, splashtop: false }),
    });
    expect(await screen.findByTestId('workspace-setup-screen')).toHaveTextContent('Who is at this desk?');
    expect(canned.count('board'), 'no board before a technician').toBe(0);
    await fireEvent.input(screen.getByTestId('setup-name'), { target: { value: 'Alex Rivera' } });
    await fireEvent.input(screen.getByTestId('setup-email'), { target: { value: 'alex.rivera@msp.example' } });
    await fireEvent.click(screen.getByTestId('setup-submit'));
    await waitFor(() =>
      expect(canned.sent('leave_demo')).toEqual([
        {
          technician: {
            id: 'alex-rivera',
            name: 'Alex Rivera',
            email: 'alex.rivera@msp.example',
            can_release: true,
            available: true,
          },
        },
      ]),
    );
  });

  it("shows the core's refusal under the form and keeps what was typed", async () => {
    await renderApp({
      workspace: () => ({ kind: 'real', needs_technician: true, splashtop: false }),
      leave_demo: refuse('invalid_input', 'a technician needs a name and an email address'),
    });
    await fireEvent.input(await screen.findByTestId('setup-email'), { target: { value: 'no-at-sign' } });
    await fireEvent.click(screen.getByTestId('setup-submit'));
    expect(await screen.findByTestId('setup-error')).toHaveTextContent('a technician needs a name and an email address');
    expect(screen.getByTestId('setup-email')).toHaveValue('no-at-sign');
  });

  it('the demo banner opens "Set up your workspace"', async () => {
    await renderApp({ board: () => ({ ...board(), demo: true }) });
    expect(await screen.findByTestId('demo-banner')).toBeInTheDocument();
    await fireEvent.click(screen.getByTestId('demo-setup'));
    expect(await screen.findByTestId('workspace-setup-dialog')).toBeInTheDocument();
  });
});
