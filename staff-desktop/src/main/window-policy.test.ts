import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  contentSecurityPolicy,
  denyWindowOpen,
  isAppUrl,
  isNavigationAllowed,
  isPermissionGranted,
  isTrustedSender,
  START_URL,
  webPreferences,
} from './window-policy.ts';

describe('window policy', () => {
  it('when a URL is the bundled app, then it is the app; any other scheme, host or user is not', () => {
    expect(APP_ORIGIN).toBe('app://kitchen');
    expect(isAppUrl(START_URL)).toBe(true);
    expect(isAppUrl('app://kitchen/kitchen/settings?x=1#top')).toBe(true);
    for (const other of ['app://board/', 'http://kitchen/', 'https://canteen.local/kitchen', 'file:///etc/passwd', 'app://evil@kitchen/', 'javascript:alert(1)', 'not a url', '', undefined, null]) {
      expect(isAppUrl(other), String(other)).toBe(false);
    }
  });

  it('when the window is created, then isolation, sandbox and web security are on and Node is off', () => {
    const prefs = webPreferences('/app/dist/preload/preload.cjs', '1.2.3');
    expect(prefs.preload).toBe('/app/dist/preload/preload.cjs');
    const required: [keyof typeof prefs, unknown][] = [
      ['contextIsolation', true], ['sandbox', true], ['webSecurity', true],
      ['nodeIntegration', false], ['nodeIntegrationInWorker', false], ['nodeIntegrationInSubFrames', false],
      ['allowRunningInsecureContent', false], ['webviewTag', false], ['autoplayPolicy', 'no-user-gesture-required'],
    ];
    for (const [flag, value] of required) expect(prefs[flag], flag).toBe(value);
    expect(prefs.additionalArguments).toEqual(['--canteen-app-version=1.2.3']);
  });

  it('when the page opens a window, then it is denied', () => {
    expect(denyWindowOpen()).toEqual({ action: 'deny' });
  });

  it('when the page navigates, then only app pages are allowed', () => {
    expect(isNavigationAllowed('app://kitchen/kitchen/board')).toBe(true);
    expect(isNavigationAllowed('http://localhost:8080/kitchen')).toBe(false);
    expect(isNavigationAllowed('https://phish.example/login')).toBe(false);
  });

  it('when a permission is requested, then only fullscreen for the app is granted', () => {
    expect(isPermissionGranted('fullscreen', 'app://kitchen/kitchen/')).toBe(true);
    expect(isPermissionGranted('fullscreen', 'http://localhost:8080/')).toBe(false);
    for (const permission of ['media', 'notifications', 'geolocation', 'midi', 'hid', 'serial', 'clipboard-read', 'openExternal']) {
      expect(isPermissionGranted(permission, 'app://kitchen/kitchen/'), permission).toBe(false);
    }
  });

  it('when an IPC message arrives, then only the app top-level frame is trusted', () => {
    expect(isTrustedSender({ url: 'app://kitchen/kitchen/', parent: null })).toBe(true);
    expect(isTrustedSender({ url: 'app://kitchen/kitchen/', parent: {} })).toBe(false);
    expect(isTrustedSender({ url: 'http://localhost:8080/kitchen/', parent: null })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });

  it('when the BFF is on http, then the page may reach it over http and ws only; on https over https and wss', () => {
    const plain = contentSecurityPolicy('http://canteen.local:8080');
    expect(plain).toContain("connect-src 'self' http://canteen.local:8080 ws://canteen.local:8080");
    expect(plain).toContain("script-src 'self'");
    expect(plain).toContain("object-src 'none'");
    expect(plain).not.toContain('unsafe');
    expect(contentSecurityPolicy('https://canteen.example')).toContain("connect-src 'self' https://canteen.example wss://canteen.example");
  });
});
