import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { isApiPath } from './reserved-paths.ts';

/**
 * The web apps' policy: everything from this origin and nothing inline or evaluated.
 * - `connect-src 'self'` covers `/ws` too: CSP Level 3 lets 'self' match ws:/wss: on the same
 *   host and port, as Chromium (since 71, checked in e2e/static-hosting), Firefox and Safari 16+
 *   do. Safari 15 and older would refuse the WebSocket; naming ws://host would need the Host
 *   header in the policy, not worth it for phones that old.
 * - no `'unsafe-inline'` for styles: Vite emits CSS files, and React's `style={…}` goes through
 *   the CSSOM, which CSP does not restrict.
 * - `data:`/`blob:` only where a build or the apps put harmless bytes: Vite inlines assets
 *   under 4 kB as data: URLs (icons, a short kitchen chime), and the apps may show a blob: image.
 * - no upgrade-insecure-requests (and no HSTS): all-in-one runs over plain HTTP on a LAN; the
 *   TLS proxy in front of a real deployment sets HSTS.
 */
const APP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'media-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'worker-src': ["'self'"],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/**
 * Powerful features no app here uses. Notifications, push, vibration, audio, wake lock and
 * fullscreen are left alone: the PWA, the kitchen display and the board need them.
 */
const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), usb=(), browsing-topics=()';

/**
 * Helmet for the BFF's whole origin. The API under `/api` keeps the policy it had before the
 * apps came (helmet's defaults): the payments service's printable receipt, passed through the
 * BFF without its own header, needs its inline style and may be framed by the apps.
 */
export function securityHeaders(): RequestHandler {
  const forApps = helmet({
    hsts: false,
    xFrameOptions: { action: 'deny' },
    contentSecurityPolicy: { useDefaults: false, directives: APP_DIRECTIVES },
  });
  const forApi = helmet({ hsts: false, contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });
  return (req, res, next) => {
    if (isApiPath(req.path)) return forApi(req, res, next);
    res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
    forApps(req, res, next);
  };
}
