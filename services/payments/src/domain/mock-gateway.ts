import type { PaymentMethod } from '@canteen/contracts';

/**
 * The mock payment gateway: deterministic, settles online payments at once, no I/O.
 *
 * Test triggers (the `payment_token` of an order or payment; anything else succeeds):
 *
 *   | payment_token            | method            | result                              |
 *   | ------------------------ | ----------------- | ----------------------------------- |
 *   | `tok_card_declined`      | card              | failed, reason `card_declined`      |
 *   | `tok_insufficient_funds` | mock, card, upi   | failed, reason `insufficient_funds` |
 *   | `fail@upi`               | upi               | failed, reason `upi_declined`       |
 *   | `decline`                | mock, card, upi   | failed, reason `declined`           |
 *   | (any or none)            | cash              | pending until staff settles it      |
 *
 * A trigger named for one method does nothing for another (`fail@upi` on a card succeeds),
 * so a client can tell a wrong trigger from a working gateway. Tokens are compared exactly.
 */

export type GatewayResult = { outcome: 'success' } | { outcome: 'failed'; reason: string } | { outcome: 'pending' };

export const ONLINE_METHODS: readonly PaymentMethod[] = ['mock', 'card', 'upi'];
export const isOnline = (method: PaymentMethod): boolean => ONLINE_METHODS.includes(method);

interface Trigger {
  token: string;
  methods: readonly PaymentMethod[];
  reason: string;
}

const TRIGGERS: readonly Trigger[] = [
  { token: 'tok_card_declined', methods: ['card'], reason: 'card_declined' },
  { token: 'tok_insufficient_funds', methods: ONLINE_METHODS, reason: 'insufficient_funds' },
  { token: 'fail@upi', methods: ['upi'], reason: 'upi_declined' },
  { token: 'decline', methods: ONLINE_METHODS, reason: 'declined' },
];

export function chargeWithMockGateway(method: PaymentMethod, paymentToken?: string | null): GatewayResult {
  if (!isOnline(method)) return { outcome: 'pending' };
  const trigger = TRIGGERS.find((candidate) => candidate.token === paymentToken && candidate.methods.includes(method));
  return trigger ? { outcome: 'failed', reason: trigger.reason } : { outcome: 'success' };
}
