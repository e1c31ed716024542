/**
 * Where the window's content comes from and what it may do.
 *
 * The window loads the renderer bundled in app.asar over a privileged scheme (`app://kitchen/`),
 * not `loadURL(bffUrl + '/kitchen')`:
 * - the kitchen screen starts, and reloads after a renderer crash, with the Wi-Fi down: the app
 *   shell never comes from the network, and its offline outbox (IndexedDB) lives under an origin
 *   that does not change when the BFF's address does;
 * - only code shipped inside the app ever runs next to the bridge (the refresh token, the
 *   settings): the preload's IPC answers the `app://kitchen` main frame and nobody else, so a
 *   page on the BFF's plain-HTTP origin (or whoever spoofs it on the Wi-Fi) cannot reach it;
 * - main, preload and renderer always come from one build, so the bridge contract matches.
 * The price: the renderer talks to the BFF cross-origin (settings.bffUrl), so the BFF lists
 * `app://kitchen` in CORS_ORIGINS (its default) for `/api` and accepts it as a `/ws` Origin.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'kitchen';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The renderer is built for `/kitchen/` (the BFF serves the same build there). */
export const START_URL = `${APP_ORIGIN}/kitchen/`;

/** Registered before `ready`: a standard, secure origin that can fetch and be fetched with CORS. */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  corsEnabled: true,
  stream: true,
} as const;

/**
 * Node's URL gives custom schemes an opaque origin (`'null'`), so the check compares scheme and
 * host itself instead of `url.origin`.
 */
export function isAppUrl(value: string | undefined | null): boolean {
  if (!value) return false;
  try {
    const url = new URL(value);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && !url.username && !url.password;
  } catch {
    return false;
  }
}

export function webPreferences(preloadPath: string, appVersion: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    // The new-order chime must play on a screen nobody has touched since it started.
    autoplayPolicy: 'no-user-gesture-required' as const,
    // The sandboxed preload cannot ask the app for its version; it reads it from argv.
    additionalArguments: [`--canteen-app-version=${appVersion}`],
  };
}

/** No pop-ups and no second windows: links to elsewhere simply do nothing. */
export const denyWindowOpen = () => ({ action: 'deny' as const });

/** Navigation (and redirects) may only stay inside the bundled app. */
export const isNavigationAllowed = (url: string): boolean => isAppUrl(url);

/**
 * Audio needs no permission once autoplay is allowed (above). The only request granted is
 * fullscreen for the app's own page (a screen without kiosk mode can still fill the monitor);
 * camera, microphone, notifications, geolocation, MIDI, HID, serial… are refused.
 */
const GRANTED_PERMISSIONS = new Set(['fullscreen']);

export function isPermissionGranted(permission: string, requestingUrl: string | undefined): boolean {
  return GRANTED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl);
}

/** The frame an IPC message came from, as Electron describes it (`event.senderFrame`). */
export interface SenderFrame {
  url: string;
  /** null for a top-level frame. */
  parent: unknown;
}

/** The bridge answers the app's own top-level page only: never an iframe, never another origin. */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  return frame != null && frame.parent === null && isAppUrl(frame.url);
}

/**
 * The policy sent with the app's pages: everything from the app itself, and network access to
 * the BFF only (HTTP for the API and images, ws/wss for `/ws`).
 */
export function contentSecurityPolicy(bffOrigin: string): string {
  const bff = new URL(bffOrigin);
  const socket = `${bff.protocol === 'https:' ? 'wss:' : 'ws:'}//${bff.host}`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "script-src-attr 'none'",
    "style-src 'self'",
    `img-src 'self' data: blob: ${bff.origin}`,
    "media-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${bff.origin} ${socket}`,
    "worker-src 'self'",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
