import { useEffect, useState } from 'react';
import { NotFoundError } from '@canteen/client';
import type { Order, Payment, QueueItem } from '@canteen/contracts';
import { api, onLiveMessage } from '../../app/services.ts';

export type OrderView =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; order: Order; queue: QueueItem | null; payment: Payment | null };

/**
 * One order, kept live: `/ws` updates its queue entry (position, ETA, preparing, ready) and
 * each update refetches the order; while the payment is still out (`placed`) it is asked for
 * every few seconds, since a payment's outcome reaches the queue only when it succeeds (and a
 * declined one until the reason it was declined could be fetched).
 */
export function useOrder(id: number): [OrderView, () => void] {
  const [view, setView] = useState<OrderView>({ status: 'loading' });
  // Bumped to load again at once (after the student cancelled).
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let queue: QueueItem | null = null;

    const load = async () => {
      try {
        const order = await api.order(id);
        if (['confirmed', 'preparing', 'ready'].includes(order.status) && !queue) {
          queue = await api.queueEntry(id).catch((err: unknown) => (err instanceof NotFoundError ? null : queue));
        }
        // 'cancelled' is the payment of an order cancelled first (payments cancel it then): not a decline.
        const declined = order.payment_status === 'failed';
        // undefined: the payment (and the reason it failed) could not be fetched this time.
        const payment = declined ? await api.orderPayment(id).catch(() => undefined) : null;
        if (stopped) return;
        setView({ status: 'ready', order, queue, payment: payment ?? null });
        clearTimeout(timer);
        // A declined order is final, but its reason is what the student needs: asked again until it comes.
        if (order.status === 'placed' || payment === undefined) timer = setTimeout(() => void load(), 2000);
      } catch (err) {
        if (stopped) return;
        setView((current) =>
          current.status === 'ready' ? current : { status: 'error', message: err instanceof Error ? err.message : 'The order could not be loaded.' },
        );
        timer = setTimeout(() => void load(), 5000);
      }
    };
    void load();
    const off = onLiveMessage((message) => {
      const data = (message as { data?: Partial<QueueItem> }).data;
      if (data?.order_id !== id) return;
      if ((message.type === 'queue_update' || message.type === 'status_update') && data.queue_number !== undefined) queue = data as QueueItem;
      void load();
    });
    return () => {
      stopped = true;
      clearTimeout(timer);
      off();
    };
  }, [id, version]);
  return [view, () => setVersion((v) => v + 1)];
}
