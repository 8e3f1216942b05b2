// Tauri 2 maps a command's camelCase argument keys onto the Rust snake_case parameters, so
// the keys below are camelCase on purpose.
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { toErrorDto, type Backend, type EndUserAction } from './backend';
import type { AuthorisationStatus } from './bindings/AuthorisationStatus';
import type { Board } from './bindings/Board';
import type { ChannelRef } from './bindings/ChannelRef';
import type { ChannelSettings } from './bindings/ChannelSettings';
import type { Event } from './bindings/Event';
import type { Integration } from './bindings/Integration';
import type { IntegrationKind } from './bindings/IntegrationKind';
import type { IntegrationUpdate } from './bindings/IntegrationUpdate';
import type { NewSession } from './bindings/NewSession';
import type { Session } from './bindings/Session';
import type { SessionDetail } from './bindings/SessionDetail';
import type { Technician } from './bindings/Technician';
import type { TestOutcome } from './bindings/TestOutcome';

/** The single event the shell emits; its payload is the core's `Event`. */
export const EVENT_NAME = 'tether://event';

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toErrorDto(e);
  }
}

export class TauriBackend implements Backend {
  board() {
    return call<Board>('board');
  }
  listSessions(view: ChannelRef) {
    return call<Session[]>('list_sessions', { view });
  }
  sessionDetail(id: string) {
    return call<SessionDetail>('session_detail', { id });
  }
  createSession(draft: NewSession) {
    return call<Session>('create_session', { new: draft });
  }
  requestPermission(id: string) {
    return call<Session>('request_permission', { id });
  }
  startRemote(id: string) {
    return call<string>('start_remote', { id });
  }
  assign(id: string, technicianId: string) {
    return call<Session>('assign', { id, technicianId });
  }
  take(id: string) {
    return call<Session>('take', { id });
  }
  transferToChannel(id: string, channelId: string) {
    return call<Session>('transfer_to_channel', { id, channelId });
  }
  inviteTechnician(id: string, technicianId: string) {
    return call<Session>('invite_technician', { id, technicianId });
  }
  release(id: string) {
    return call<Session>('release', { id });
  }
  close(id: string) {
    return call<Session>('close', { id });
  }
  deleteSession(id: string) {
    return call<null>('delete_session', { id });
  }
  updateChannelSettings(channelId: string, settings: ChannelSettings) {
    return call<null>('update_channel_settings', { channelId, settings });
  }
  setChannelMuted(channelId: string, muted: boolean) {
    return call<null>('set_channel_muted', { channelId, muted });
  }
  setCurrentTechnician(id: string) {
    return call<null>('set_current_technician', { id });
  }
  setPollInterval(ms: number) {
    return call<null>('set_poll_interval', { ms });
  }
  addTechnician(technician: Technician) {
    return call<null>('add_technician', { technician });
  }
  syncNow() {
    return call<null>('sync_now');
  }
  integrations() {
    return call<Integration[]>('integrations');
  }
  saveIntegration(update: IntegrationUpdate) {
    return call<Integration>('save_integration', { update });
  }
  removeIntegrationSecret(kind: IntegrationKind, key: string) {
    return call<Integration>('remove_integration_secret', { kind, key });
  }
  testIntegration(kind: IntegrationKind) {
    return call<TestOutcome>('test_integration', { kind });
  }
  authorisation(kind: IntegrationKind) {
    return call<AuthorisationStatus>('authorisation', { kind });
  }
  authorise(kind: IntegrationKind) {
    return call<AuthorisationStatus>('authorise', { kind });
  }
  disconnect(kind: IntegrationKind) {
    return call<AuthorisationStatus>('disconnect', { kind });
  }
  demoEndUser(code: string, action: EndUserAction) {
    return call<null>('demo_end_user', { code, action });
  }
  subscribe(handler: (event: Event) => void) {
    return listen<Event>(EVENT_NAME, (e) => handler(e.payload));
  }
}
