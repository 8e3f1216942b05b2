import { mount } from 'svelte';
import { isTauri } from '@tauri-apps/api/core';
import App from './App.svelte';
import { Api, type Transport } from './lib/api';
import { HttpTransport } from './lib/transport-http';
import { TauriTransport } from './lib/transport-tauri';
import { tauriDesktop } from './lib/desktop-tauri';
import NotConnected from './components/NotConnected.svelte';
import './app.css';

const TOKEN_KEY = 'tether.serve-token';

/**
 * In a plain browser the page comes from `tether serve`, which printed a link carrying its
 * token after `#token=`. The token is kept for this tab only and taken off the address bar.
 */
function serveToken(): string | null {
  const fromLink = /[#&]token=([^&]+)/.exec(location.hash)?.[1];
  if (fromLink) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(fromLink));
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

function transport(): Transport | null {
  if (isTauri()) return new TauriTransport();
  const token = serveToken();
  return token ? new HttpTransport(location.origin, token) : null;
}

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app');

// The desktop window is an app, not a web page: the webview's own menu (Back, Reload,
// Inspect Element) stays out, except where text is edited or selected.
if (isTauri()) {
  document.addEventListener('contextmenu', (e) => {
    const target = e.target as HTMLElement | null;
    const editing = target?.closest('input, textarea, [contenteditable="true"]');
    if (!editing && !window.getSelection()?.toString()) e.preventDefault();
  });
}

const chosen = transport();
if (chosen) mount(App, { target, props: { api: new Api(chosen), desktop: isTauri() ? tauriDesktop : null } });
else mount(NotConnected, { target });
