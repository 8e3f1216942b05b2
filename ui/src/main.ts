import { mount } from 'svelte';
import { isTauri } from '@tauri-apps/api/core';
import App from './App.svelte';
import type { Backend } from './lib/backend';
import { TauriBackend } from './lib/backend-tauri';
// Static, not lazy: a few kB, and the browser preview then paints a full board on first load.
import { MemoryBackend } from './lib/backend-memory';
import { demoSeed } from './lib/demo-seed';
import type { AppStore } from './lib/store.svelte';
import './app.css';

/** Outside Tauri (a plain browser) the board runs on the in-memory sandbox seed. */
function chooseBackend(): Backend {
  if (isTauri()) return new TauriBackend();
  // "#many=10000" fills Front desk, to try the board at the size SD1 must handle.
  const many = Number(/many=(\d+)/.exec(location.hash)?.[1] ?? 0);
  return new MemoryBackend(demoSeed(Date.now(), Math.min(many, 50_000)));
}

/** Browser preview only: "#select=2" opens the third row, for screenshots of the detail panel. */
function previewSelection(app: AppStore): void {
  if (isTauri()) return;
  const match = /select=(\d+)/.exec(location.hash);
  if (!match) return;
  const row = app.visible[Number(match[1])];
  if (row) app.select(row.id);
}

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app');

mount(App, { target, props: { backend: chooseBackend(), onready: previewSelection } });
