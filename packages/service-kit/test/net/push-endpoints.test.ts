import { describe, expect, it } from 'vitest';
import { createPushEndpointPolicy, DEFAULT_PUSH_ENDPOINT_HOSTS, isPrivateAddress } from '../../src/net/push-endpoints.ts';

describe('push endpoint policy', () => {
  const policy = createPushEndpointPolicy({ hosts: DEFAULT_PUSH_ENDPOINT_HOSTS, allowPrivateNetwork: false });

  it.each([
    'https://fcm.googleapis.com/fcm/send/abc',
    'https://updates.push.services.mozilla.com/wpush/v2/abc',
    'https://wns2-par02p.notify.windows.com/w/?token=abc',
    'https://web.push.apple.com/QGuQyavXutnMH',
  ])('when the endpoint is %s (a browser vendor push service), then it is accepted', (endpoint) => {
    expect(policy.refusal(endpoint)).toBeUndefined();
  });

  it.each([
    ['http://fcm.googleapis.com/fcm/send/abc', /https/],
    ['https://fcm.googleapis.com.evil.example/x', /known push service/],
    ['https://evil-fcm.googleapis.com.example/x', /known push service/],
    ['https://127.0.0.1/x', /IP address/],
    ['https://[::ffff:10.0.0.1]/x', /IP address/],
    ['https://2130706433/x', /IP address/],
    ['https://a:b@fcm.googleapis.com/x', /credentials/],
    ['not a url', /URL/],
  ])('when the endpoint is %s, then it is refused', (endpoint, reason) => {
    expect(policy.refusal(endpoint)).toMatch(reason);
  });

  it.each(['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '224.0.0.1'])(
    'when an address is %s, then it counts as private',
    (address) => {
      expect(isPrivateAddress(address)).toBe(true);
    },
  );

  it.each(['142.250.74.42', '2a00:1450:4001:82b::200a', '8.8.8.8'])('when an address is public (%s), then it does not', (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });

  it('when a name resolves to loopback, then the lookup refuses it; with the private network allowed it connects', async () => {
    const lookup = (p: typeof policy) =>
      new Promise<string>((resolve, reject) =>
        p.lookup('localhost', { family: 4 }, (err, address) => (err ? reject(err) : resolve(address as string))),
      );

    await expect(lookup(policy)).rejects.toMatchObject({ code: 'EPRIVATEADDRESS' });
    expect(await lookup(createPushEndpointPolicy({ hosts: [], allowPrivateNetwork: true }))).toBe('127.0.0.1');
  });
});
