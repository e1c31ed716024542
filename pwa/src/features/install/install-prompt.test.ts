import { describe, expect, it, vi } from 'vitest';
import { createInstallPrompt } from './install-prompt.ts';

/** The event Chromium fires when the app may be installed, with the student's answer scripted. */
function offer(outcome: 'accepted' | 'dismissed') {
  const event = new Event('beforeinstallprompt', { cancelable: true });
  const prompt = vi.fn(async () => undefined);
  Object.assign(event, { prompt, userChoice: Promise.resolve({ outcome }) });
  return { event, prompt };
}

describe('the install prompt', () => {
  it('when the browser offers to install, then its own banner is held back and the app can offer it instead', async () => {
    const target = new EventTarget();
    const install = createInstallPrompt(target);
    const changes = vi.fn();
    install.subscribe(changes);
    expect(install.available()).toBe(false);

    const { event, prompt } = offer('accepted');
    target.dispatchEvent(event);

    expect(event.defaultPrevented).toBe(true);
    expect(install.available()).toBe(true);
    expect(changes).toHaveBeenCalledTimes(1);
    expect(await install.install()).toBe('accepted');
    expect(prompt).toHaveBeenCalledTimes(1);
  });

  it('when the student dismissed the dialog, then the offer is used up until the browser makes another', async () => {
    const target = new EventTarget();
    const install = createInstallPrompt(target);
    target.dispatchEvent(offer('dismissed').event);

    expect(await install.install()).toBe('dismissed');
    expect(install.available()).toBe(false);
    expect(await install.install()).toBe('unavailable');
  });

  it('when the app was installed some other way, then the button goes', () => {
    const target = new EventTarget();
    const install = createInstallPrompt(target);
    target.dispatchEvent(offer('accepted').event);

    target.dispatchEvent(new Event('appinstalled'));

    expect(install.available()).toBe(false);
  });
});
