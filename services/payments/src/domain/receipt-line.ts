import type { EventItem } from '@canteen/contracts';
import { toMinor } from './payment.ts';

/**
 * A line of the receipt, as the order had it when it was placed: the payment keeps its own
 * copy, so a dish renamed, repriced or deleted later leaves every receipt as it was.
 */
export interface ReceiptLine {
  name: string;
  quantity: number;
  /** Unit price with the chosen options, in minor units. */
  unitMinor: number;
  /** The chosen options' names. */
  options: string[];
}

export const receiptLinesOf = (items: readonly EventItem[] | undefined): ReceiptLine[] =>
  (items ?? []).map((item) => ({
    name: item.item_name,
    quantity: item.quantity,
    unitMinor: toMinor(item.price),
    options: item.options ?? [],
  }));
