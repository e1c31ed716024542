import type { Order } from '@canteen/contracts';
import type { OrderRecord } from '../domain/order.ts';

const money = (minor: number) => minor / 100;

/** The original order shape (snake_case, decimal amounts) plus the fields we added. */
export function toOrderView(order: OrderRecord): Order {
  return {
    id: order.id,
    user_id: order.userId,
    total_amount: money(order.totalMinor),
    currency: order.currency,
    status: order.status,
    payment_id: order.paymentId,
    payment_method: order.paymentMethod,
    payment_status: order.paymentStatus,
    refunded_amount: money(order.refundedMinor),
    queue_number: order.queueNumber,
    special_instructions: order.specialInstructions,
    cancel_reason: order.cancelReason,
    created_at: order.createdAt.toISOString(),
    updated_at: order.updatedAt.toISOString(),
    items: order.items.map((line) => ({
      id: line.id,
      menu_item_id: line.menuItemId,
      item_name: line.itemName,
      quantity: line.quantity,
      price: money(line.unitPriceMinor),
      special_instructions: line.specialInstructions,
      total_price: money(line.unitPriceMinor * line.quantity),
      options: line.options.map((option) => ({
        group_id: option.groupId,
        group_name: option.groupName,
        option_id: option.optionId,
        name: option.name,
        price_delta: money(option.priceDeltaMinor),
      })),
      station: line.station,
      preparation_time: line.preparationTime,
    })),
  };
}
