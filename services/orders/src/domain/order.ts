import type { OrderPaymentStatus, OrderStatus, PaymentMethod } from '@canteen/contracts';

/** An order as the service keeps it: money in integer minor units (paise). */
export interface OrderLineOptionRecord {
  groupId: string;
  groupName: string;
  optionId: string;
  name: string;
  priceDeltaMinor: number;
}

export interface OrderLineRecord {
  id: number;
  menuItemId: string;
  itemName: string;
  quantity: number;
  /** Per unit, options included. */
  unitPriceMinor: number;
  specialInstructions: string | null;
  options: OrderLineOptionRecord[];
  station: string;
  preparationTime: number;
}

export interface OrderRecord {
  id: number;
  userId: number;
  status: OrderStatus;
  totalMinor: number;
  currency: string;
  paymentId: string | null;
  paymentMethod: PaymentMethod;
  paymentStatus: OrderPaymentStatus;
  refundedMinor: number;
  queueNumber: number | null;
  specialInstructions: string | null;
  cancelReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  items: OrderLineRecord[];
}

export type NewOrderLine = Omit<OrderLineRecord, 'id'>;
export type NewOrder = Omit<OrderRecord, 'id' | 'items'> & { items: NewOrderLine[] };
