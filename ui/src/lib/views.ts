// The sidebar's views (SD1) and the channels they stand for.
import type { ChannelRef } from './bindings/ChannelRef';

/** The channel a view shows, or null for Home (a view across channels). */
export function channelIdOf(view: ChannelRef): string | null {
  if (view.kind === 'channel') return view.id;
  if (view.kind === 'private') return 'private';
  return null;
}

export function viewOfChannel(channelId: string): ChannelRef {
  return channelId === 'private' ? { kind: 'private' } : { kind: 'channel', id: channelId };
}

export function sameView(a: ChannelRef, b: ChannelRef): boolean {
  return a.kind === b.kind && channelIdOf(a) === channelIdOf(b);
}

export function viewKey(view: ChannelRef): string {
  return view.kind === 'channel' ? view.id : view.kind;
}
