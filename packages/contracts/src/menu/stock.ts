import { z } from 'zod';
import { MenuIdSchema } from './menu.ts';

/**
 * Stock reservations: the orders service asks the menu service (service to service, on its
 * `/internal` routes) to hold the stock-counted lines of an order it is about to place, and
 * gives them back when the placement does not commit. The id is the orders service's, one per
 * placement attempt, so a retried call holds nothing twice.
 */
export const StockReservationLineSchema = z.object({
  menu_item_id: MenuIdSchema,
  quantity: z.number().int().positive().max(1000),
});
export type StockReservationLine = z.infer<typeof StockReservationLineSchema>;

export const CreateStockReservationSchema = z.object({
  reservation_id: z.uuid(),
  lines: z.array(StockReservationLineSchema).min(1).max(50),
});
export type CreateStockReservation = z.infer<typeof CreateStockReservationSchema>;

export const StockReservationSchema = z.object({
  reservation_id: z.string(),
  state: z.enum(['held', 'released']),
  order_id: z.number().int().nullable(),
});
export type StockReservation = z.infer<typeof StockReservationSchema>;

/** The 409 `OUT_OF_STOCK` refusal lists one of these per short line. */
export const StockShortageSchema = z.object({
  path: z.string(),
  message: z.string(),
  menu_item_id: z.string(),
  left: z.number().int(),
});
export type StockShortage = z.infer<typeof StockShortageSchema>;
