import type { NewOrder } from '../domain/order.ts';

/** A half-open span [from, to) counted as one bar: a canteen day or hour. */
export interface Bucket {
  key: string;
  from: Date;
  to: Date;
}

export interface AnalyticsRequest {
  /** The whole range, [from, to). */
  from: Date;
  to: Date;
  days: readonly Bucket[];
  hours: readonly Bucket[];
  topDishes: number;
  cancelReasons: number;
}

export interface DayFigures {
  key: string;
  orders: number;
  completed: number;
  cancelled: number;
  revenueMinor: number;
  refundedMinor: number;
}

export interface OrderAnalyticsRows {
  /** Only buckets with orders; the caller fills the rest with zeros. */
  days: DayFigures[];
  hours: { key: string; orders: number }[];
  topDishes: { menuItemId: string; name: string; quantity: number; revenueMinor: number }[];
  wait: {
    readyOrders: number;
    averageWaitSeconds: number | null;
    promisedOrders: number;
    averageEtaErrorSeconds: number | null;
    averageAbsEtaErrorSeconds: number | null;
    lateOrders: number;
  };
  cancelReasons: { reason: string; count: number }[];
}

/** An order of the past, with the times it reached each state (demo history, benchmarks). */
export interface HistoricalOrder extends NewOrder {
  confirmedAt: Date | null;
  preparingAt: Date | null;
  readyAt: Date | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
  promisedReadyAt: Date | null;
}

/**
 * The analytics half of the orders store: figures aggregated by the database (never by
 * reading orders into the service). Every adapter passes `test/store/order-analytics.contract.ts`.
 */
export interface OrderAnalyticsStore {
  /** The figures, from the rollups kept with each write (or from the orders when a bound does not start a quarter hour). */
  analytics(request: AnalyticsRequest): Promise<OrderAnalyticsRows>;
  /** The same figures aggregated from every order in the range: the rollups' reference, slow on a large range. */
  analyticsFromOrders(request: AnalyticsRequest): Promise<OrderAnalyticsRows>;
  /** Keeps the first ready time promised for an order; false when it had one already or does not exist. */
  recordPromisedReadyAt(orderId: number, at: Date): Promise<boolean>;
  /** Writes past orders in a few large statements; returns their ids in the order given. No events. */
  importHistory(orders: readonly HistoricalOrder[]): Promise<number[]>;
  countOrders(): Promise<number>;
}
