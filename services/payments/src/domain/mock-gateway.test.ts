import { describe, expect, it } from 'vitest';
import { chargeWithMockGateway } from './mock-gateway.ts';

describe('mock gateway', () => {
  it('when an online method has no trigger token, then it succeeds', () => {
    for (const method of ['mock', 'card', 'upi'] as const) {
      expect(chargeWithMockGateway(method)).toEqual({ outcome: 'success' });
      expect(chargeWithMockGateway(method, null)).toEqual({ outcome: 'success' });
      expect(chargeWithMockGateway(method, 'tok_visa')).toEqual({ outcome: 'success' });
    }
  });

  it('when a documented trigger matches its method, then the charge fails with its reason', () => {
    expect(chargeWithMockGateway('card', 'tok_card_declined')).toEqual({ outcome: 'failed', reason: 'card_declined' });
    expect(chargeWithMockGateway('upi', 'fail@upi')).toEqual({ outcome: 'failed', reason: 'upi_declined' });
    for (const method of ['mock', 'card', 'upi'] as const) {
      expect(chargeWithMockGateway(method, 'tok_insufficient_funds')).toEqual({ outcome: 'failed', reason: 'insufficient_funds' });
      expect(chargeWithMockGateway(method, 'decline')).toEqual({ outcome: 'failed', reason: 'declined' });
    }
  });

  it('when a trigger is meant for another method, then it does nothing', () => {
    expect(chargeWithMockGateway('upi', 'tok_card_declined')).toEqual({ outcome: 'success' });
    expect(chargeWithMockGateway('card', 'fail@upi')).toEqual({ outcome: 'success' });
    expect(chargeWithMockGateway('card', 'DECLINE')).toEqual({ outcome: 'success' });
  });

  it('when the method is cash, then it stays pending whatever the token', () => {
    expect(chargeWithMockGateway('cash')).toEqual({ outcome: 'pending' });
    expect(chargeWithMockGateway('cash', 'decline')).toEqual({ outcome: 'pending' });
  });

  it('when the same charge is asked twice, then the answer is the same (deterministic)', () => {
    expect(chargeWithMockGateway('card', 'tok_card_declined')).toEqual(chargeWithMockGateway('card', 'tok_card_declined'));
  });
});
