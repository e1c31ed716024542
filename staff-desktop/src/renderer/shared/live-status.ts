import type { LiveState } from '@canteen/client';

/** The words of the connection badge: never colour alone. */
export function connectionWords(state: LiveState, online: boolean): { label: string; detail: string; tone: 'ok' | 'warn' | 'danger' } {
  if (!online) return { label: 'Offline', detail: 'No network on this device', tone: 'danger' };
  if (state === 'live') return { label: 'Live', detail: 'Updates arrive as they happen', tone: 'ok' };
  if (state === 'connecting') return { label: 'Connecting…', detail: 'Reaching the canteen server', tone: 'warn' };
  return { label: 'Reconnecting…', detail: 'Lost the canteen server; trying again', tone: 'danger' };
}
