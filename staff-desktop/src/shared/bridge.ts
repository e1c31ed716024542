/**
 * The one object the Electron preload exposes to the kitchen renderer (`window.canteenDesktop`).
 * The renderer also runs in a plain browser at `/kitchen`, where this object is absent: every
 * use of it must have a browser fallback. Types only: the renderer imports nothing from Node.
 */
export interface KitchenSettings {
  /** The BFF's address, for example `http://canteen.local:8080`. */
  bffUrl: string;
  /** The station this screen shows, or `null` for all stations. */
  station: string | null;
  /** 0..1 */
  volume: number;
  muted: boolean;
  kiosk: boolean;
}

export interface DesktopBridge {
  readonly appVersion: string;
  getSettings(): Promise<KitchenSettings>;
  /** Merges, validates, writes to disk and answers the stored settings. */
  saveSettings(patch: Partial<KitchenSettings>): Promise<KitchenSettings>;
  /** The refresh token, kept encrypted on disk with Electron's safeStorage; null when none. */
  loadRefreshToken(): Promise<string | null>;
  saveRefreshToken(token: string | null): Promise<void>;
}

declare global {
  interface Window {
    canteenDesktop?: DesktopBridge;
  }
}
