import type { KitchenSettings } from '../../shared/bridge.ts';

const KEY = 'canteen.kitchen.settings';

/** In a browser the BFF is where the page came from; in Electron the settings say where. */
export const DEFAULT_SETTINGS: KitchenSettings = { bffUrl: '', station: null, volume: 0.8, muted: false, kiosk: false };

function readLocal(): KitchenSettings {
  try {
    return { ...DEFAULT_SETTINGS, ...(JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<KitchenSettings>) };
  } catch {
    return DEFAULT_SETTINGS;
  }
}

/**
 * The screen's settings: from the desktop app's bridge (kept on disk by the main process) when
 * there is one, else from this browser's localStorage. An empty `bffUrl` means this origin.
 */
export async function loadSettings(): Promise<KitchenSettings> {
  const bridge = window.canteenDesktop;
  if (!bridge) return readLocal();
  try {
    return { ...DEFAULT_SETTINGS, ...(await bridge.getSettings()) };
  } catch {
    return readLocal();
  }
}

export async function saveSettings(patch: Partial<KitchenSettings>): Promise<KitchenSettings> {
  const bridge = window.canteenDesktop;
  if (bridge) return bridge.saveSettings(patch);
  const next = { ...readLocal(), ...patch };
  localStorage.setItem(KEY, JSON.stringify(next));
  return next;
}

/** `http://host:8080` or '' (this origin), without a trailing slash. */
export function baseUrlOf(settings: KitchenSettings): string {
  return settings.bffUrl.trim().replace(/\/+$/, '');
}

export function wsUrlOf(base: string): string {
  const origin = base || location.origin;
  return `${origin.replace(/^http/, 'ws')}/ws`;
}
