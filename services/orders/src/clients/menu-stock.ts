import { SERVICE_TOKEN_HEADER, AppError, type Logger } from '@canteen/service-kit';
import type { StockHoldLine } from '../domain/stock.ts';

/** A hold the menu refused: nothing was taken. `shortfalls` name each short menu item. */
export class StockRefused extends AppError {
  constructor(
    message: string,
    readonly shortfalls: { menu_item_id: string; message: string }[],
  ) {
    super(409, 'OUT_OF_STOCK', message);
  }
}

export interface MenuStock {
  /** Holds the lines under `reservationId` (idempotent per id); throws StockRefused, or 503 when the menu cannot answer. */
  hold(reservationId: string, lines: StockHoldLine[]): Promise<void>;
  /** Gives a hold back; an unknown one (the hold never arrived) is nothing to give back. */
  release(reservationId: string): Promise<void>;
}

/**
 * The menu service's stock, on its `/internal` routes with the shared service token. The menu
 * is the one place that counts, so any number of orders service instances hold stock without
 * ever selling the same last unit twice.
 */
export function createMenuStock(options: { baseUrl: string; serviceToken: string | undefined; timeoutMs: number; logger: Logger }): MenuStock {
  const base = `${options.baseUrl.replace(/\/$/, '')}/internal/stock/reservations`;
  const unavailable = (why: string) => {
    options.logger.warn({ why }, 'stock could not be held');
    return new AppError(503, 'STOCK_UNAVAILABLE', 'Stock cannot be checked right now; try again in a moment');
  };

  async function call(method: 'POST' | 'DELETE', url: string, body?: unknown): Promise<Response> {
    if (!options.serviceToken) throw unavailable('SERVICE_TOKEN is not set, so the menu service cannot be asked');
    try {
      return await fetch(url, {
        method,
        headers: { [SERVICE_TOKEN_HEADER]: options.serviceToken, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (err) {
      throw unavailable(`the menu service did not answer: ${(err as Error).message}`);
    }
  }

  return {
    async hold(reservationId, lines) {
      const response = await call('POST', base, {
        reservation_id: reservationId,
        lines: lines.map((line) => ({ menu_item_id: line.menuItemId, quantity: line.quantity })),
      });
      if (response.ok) return;
      const text = await response.text();
      if (response.status === 409) {
        const error = (JSON.parse(text) as { error: { message: string; details?: { menu_item_id: string; message: string }[] } }).error;
        throw new StockRefused(error.message, error.details ?? []);
      }
      throw unavailable(`the menu service answered ${response.status}: ${text.slice(0, 200)}`);
    },
    async release(reservationId) {
      const response = await call('DELETE', `${base}/${reservationId}`);
      await response.body?.cancel();
      if (!response.ok && response.status !== 404) throw new Error(`the menu service answered ${response.status} to a release`);
    },
  };
}
