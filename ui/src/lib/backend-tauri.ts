// Tauri 2 maps a command's camelCase argument keys onto the Rust snake_case parameters, so
// the keys below are camelCase on purpose.
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { toErrorDto, type Backend, type EndUserAction } from './backend';
import type { Asset } from './bindings/Asset';
import type { AssetDetail } from './bindings/AssetDetail';
import type { AssetQuery } from './bindings/AssetQuery';
import type { AuthorisationStatus } from './bindings/AuthorisationStatus';
import type { BeyondTrustSettings } from './bindings/BeyondTrustSettings';
import type { Board } from './bindings/Board';
import type { ChannelRef } from './bindings/ChannelRef';
import type { ChannelSettings } from './bindings/ChannelSettings';
import type { ChatMessage } from './bindings/ChatMessage';
import type { Directory } from './bindings/Directory';
import type { Event } from './bindings/Event';
import type { Integration } from './bindings/Integration';
import type { IntegrationKind } from './bindings/IntegrationKind';
import type { IntegrationUpdate } from './bindings/IntegrationUpdate';
import type { InvitePreview } from './bindings/InvitePreview';
import type { InviteRequest } from './bindings/InviteRequest';
import type { InviteTarget } from './bindings/InviteTarget';
import type { InviteTemplates } from './bindings/InviteTemplates';
import type { Launch } from './bindings/Launch';
import type { NewSession } from './bindings/NewSession';
import type { NewTicket } from './bindings/NewTicket';
import type { PendingMail } from './bindings/PendingMail';
import type { RemoteSessionRecord } from './bindings/RemoteSessionRecord';
import type { RemoteSupportSettings } from './bindings/RemoteSupportSettings';
import type { Session } from './bindings/Session';
import type { SessionDetail } from './bindings/SessionDetail';
import type { Technician } from './bindings/Technician';
import type { TemplatePreview } from './bindings/TemplatePreview';
import type { TestOutcome } from './bindings/TestOutcome';
import type { Ticket } from './bindings/Ticket';
import type { TicketAction } from './bindings/TicketAction';
import type { TicketCreated } from './bindings/TicketCreated';
import type { TicketDetail } from './bindings/TicketDetail';
import type { TicketQuery } from './bindings/TicketQuery';
import type { UnlinkedSession } from './bindings/UnlinkedSession';

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
  setDefaultChannel(channelId: string) {
    return call<null>('set_default_channel', { channelId });
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
  directory() {
    return call<Directory>('directory');
  }
  tickets(query: TicketQuery) {
    return call<Ticket[]>('tickets', { query });
  }
  ticketDetail(id: string) {
    return call<TicketDetail>('ticket_detail', { id });
  }
  createTicket(draft: NewTicket) {
    return call<TicketCreated>('create_ticket', { new: draft });
  }
  addTicketNote(id: string, note: string) {
    return call<null>('add_ticket_note', { id, note });
  }
  previewInvite(request: InviteRequest) {
    return call<InvitePreview>('preview_invite', { request });
  }
  sendInvite(request: InviteRequest) {
    return call<TicketAction>('send_invite', { request });
  }
  sendChatInvite(ticketId: string, target: InviteTarget) {
    return call<ChatMessage>('send_chat_invite', { ticketId, target });
  }
  chatMessages(chatId: string) {
    return call<ChatMessage[]>('chat_messages', { chatId });
  }
  assets(query: AssetQuery) {
    return call<Asset[]>('assets', { query });
  }
  assetDetail(id: string) {
    return call<AssetDetail>('asset_detail', { id });
  }
  launch(assetId: string, buttonId: string) {
    return call<Launch>('launch', { assetId, buttonId });
  }
  remoteSupportSettings() {
    return call<RemoteSupportSettings>('remote_support_settings');
  }
  saveRemoteSupportSettings(settings: RemoteSupportSettings) {
    return call<null>('save_remote_support_settings', { settings });
  }
  previewTemplates(templates: InviteTemplates) {
    return call<TemplatePreview>('preview_templates', { templates });
  }
  setAvailable(available: boolean) {
    return call<null>('set_available', { available });
  }
  pendingMail() {
    return call<PendingMail[]>('pending_mail');
  }
  retryMail() {
    return call<number>('retry_mail');
  }
  beyondtrustSettings() {
    return call<BeyondTrustSettings>('beyondtrust_settings');
  }
  saveBeyondtrustSettings(settings: BeyondTrustSettings) {
    return call<null>('save_beyondtrust_settings', { settings });
  }
  fetchBeyondtrustTeams() {
    return call<BeyondTrustSettings>('fetch_beyondtrust_teams');
  }
  unlinkedSessions() {
    return call<UnlinkedSession[]>('unlinked_sessions');
  }
  linkRemoteSession(id: string, ticketId: string) {
    return call<RemoteSessionRecord>('link_remote_session', { id, ticketId });
  }
  eventsReceiver() {
    return call<string | null>('events_receiver');
  }
  demoEndUser(code: string, action: EndUserAction) {
    return call<null>('demo_end_user', { code, action });
  }
  subscribe(handler: (event: Event) => void) {
    return listen<Event>(EVENT_NAME, (e) => handler(e.payload));
  }
}
