import dns from 'node:dns';
import net from 'node:net';
import { z } from 'zod';
import { env } from '../config/config.ts';

/**
 * Which URLs a Web Push subscription may point at. The BFF POSTs (with retries) to whatever
 * endpoint a student registers, so an unchecked endpoint would let anyone make the server
 * call private addresses and probe them. Only the hosts of real push services are accepted,
 * never an IP literal, and every connection is checked again after DNS resolution (a name
 * may later resolve to a private address).
 */
export interface PushEndpointPolicy {
  /** Why `endpoint` is refused before any lookup, or undefined when its shape and host are fine. */
  refusal(endpoint: string): string | undefined;
  /** A `lookup` for an HTTPS agent that refuses to connect to a private, loopback or link-local address. */
  lookup: net.LookupFunction;
}

/** The push services of Chrome/Android (FCM), Firefox, Edge (WNS) and Safari; a host matches it or any subdomain. */
export const DEFAULT_PUSH_ENDPOINT_HOSTS = [
  'fcm.googleapis.com',
  'android.googleapis.com',
  'updates.push.services.mozilla.com',
  'push.services.mozilla.com',
  'notify.windows.com',
  'push.apple.com',
];

/** The settings every service that takes or sends push subscriptions reads. */
export const pushEndpointConfigFields = {
  PUSH_ENDPOINT_HOSTS: env
    .list()
    .transform((hosts) => (hosts.length ? hosts.map((host) => host.toLowerCase()) : DEFAULT_PUSH_ENDPOINT_HOSTS)),
  // Only for a push service on the local network (and the tests' own); never on by default.
  PUSH_ALLOW_PRIVATE_NETWORK: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
};

// Addresses no push service lives at: this host, private networks, link-local, CGNAT,
// benchmarking, documentation, multicast and reserved ranges.
const blocked = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(prefix, bits, 'ipv4');
for (const [prefix, bits] of [
  ['::', 128], ['::1', 128], ['64:ff9b::', 96], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8],
] as const) blocked.addSubnet(prefix, bits, 'ipv6');

/** True for an address no public push service can have (IPv4-mapped IPv6 checked as IPv4). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return isPrivateAddress(mapped);
  const family = net.isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export function createPushEndpointPolicy(settings: { hosts: string[]; allowPrivateNetwork: boolean }): PushEndpointPolicy {
  const hosts = settings.hosts.map((host) => host.toLowerCase().replace(/^\*\./, ''));
  const allowedHost = (host: string) => hosts.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));

  const lookup: net.LookupFunction = (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as dns.LookupAddress[];
      const refused = settings.allowPrivateNetwork ? undefined : list.find((entry) => isPrivateAddress(entry.address));
      if (refused || list.length === 0) {
        const error: NodeJS.ErrnoException = new Error(`push endpoint ${hostname} resolves to a private address`);
        error.code = 'EPRIVATEADDRESS';
        return callback(error, '', 0);
      }
      // Callers that asked for every address get them all (checked); others the first.
      if ((options as dns.LookupOptions).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };

  return {
    refusal(endpoint) {
      let url: URL;
      try {
        url = new URL(endpoint);
      } catch {
        return 'must be a URL';
      }
      if (url.protocol !== 'https:') return 'must be an https URL';
      if (url.username || url.password) return 'must not carry credentials';
      const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
      if (net.isIP(host)) {
        if (!settings.allowPrivateNetwork) return 'must name a push service, not an IP address';
        return undefined;
      }
      if (settings.allowPrivateNetwork && host === 'localhost') return undefined;
      if (!allowedHost(host)) return `must be the address of a known push service (${hosts.join(', ')})`;
      return undefined;
    },
    lookup,
  };
}
