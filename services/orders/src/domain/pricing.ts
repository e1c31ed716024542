import type { MenuItem, OptionSelection } from '@canteen/contracts';
import type { NewOrderLine, OrderLineOptionRecord } from './order.ts';

/** A line as the customer asked for it. */
export interface RequestedLine {
  menu_item_id: string;
  quantity: number;
  special_instructions?: string | undefined;
  options: OptionSelection[];
}

export interface LineProblem {
  path: string;
  message: string;
}

export type PricingResult =
  | { ok: true; lines: NewOrderLine[]; totalMinor: number }
  | { ok: false; unknown: LineProblem[]; unavailable: LineProblem[] };

const minor = (amount: number) => Math.round(amount * 100);

/**
 * Prices an order from the menu, never from the client: each line's unit price is the item's
 * price plus its chosen options' deltas. Refuses unknown items and options (bad input) and
 * unavailable ones (the menu changed under the customer), and checks every option group's
 * min/max. Pure: the menu snapshot is passed in.
 */
export function priceOrder(lines: RequestedLine[], menu: ReadonlyMap<string, MenuItem>): PricingResult {
  const unknown: LineProblem[] = [];
  const unavailable: LineProblem[] = [];
  const priced: NewOrderLine[] = [];

  lines.forEach((line, index) => {
    const at = `items.${index}`;
    const item = menu.get(line.menu_item_id);
    if (!item) {
      unknown.push({ path: `${at}.menu_item_id`, message: 'no such menu item' });
      return;
    }
    if (!item.available) unavailable.push({ path: at, message: `${item.name} is sold out` });
    else if (item.stock !== null && line.quantity > item.stock) {
      unavailable.push({ path: `${at}.quantity`, message: `only ${item.stock} ${item.name} left` });
    }

    const chosen: OrderLineOptionRecord[] = [];
    const seenGroups = new Set<string>();
    // A group the line names nothing for gets its defaults (the original client sends no
    // options at all); only a required group without defaults makes the customer choose.
    const defaulted = item.option_groups
      .filter((group) => !line.options.some((selection) => selection.group_id === group.id) && group.default_option_ids.length > 0)
      .map((group) => ({ group_id: group.id, option_ids: group.default_option_ids }));
    [...line.options, ...defaulted].forEach((selection, s) => {
      // A default's problem (sold out since) is the line's, not a selection the customer sent.
      const where = s < line.options.length ? `${at}.options.${s}` : `${at}.options`;
      const group = item.option_groups.find((g) => g.id === selection.group_id);
      if (!group) {
        unknown.push({ path: `${where}.group_id`, message: `${item.name} has no option group ${selection.group_id}` });
        return;
      }
      if (seenGroups.has(group.id)) {
        unknown.push({ path: `${where}.group_id`, message: `${group.name} is given twice` });
        return;
      }
      seenGroups.add(group.id);
      const ids = new Set(selection.option_ids);
      if (ids.size !== selection.option_ids.length) {
        unknown.push({ path: `${where}.option_ids`, message: 'an option is chosen twice' });
      }
      if (ids.size < group.min || ids.size > group.max) {
        const range = group.min === group.max ? `${group.min}` : `${group.min} to ${group.max}`;
        unknown.push({ path: `${where}.option_ids`, message: `choose ${range} of ${group.name}` });
      }
      for (const optionId of ids) {
        const option = group.options.find((o) => o.id === optionId);
        if (!option) {
          unknown.push({ path: `${where}.option_ids`, message: `${group.name} has no option ${optionId}` });
          continue;
        }
        if (!option.available) unavailable.push({ path: where, message: `${option.name} is not available` });
        chosen.push({
          groupId: group.id,
          groupName: group.name,
          optionId: option.id,
          name: option.name,
          priceDeltaMinor: minor(option.price_delta),
        });
      }
    });
    for (const group of item.option_groups) {
      if (group.min > 0 && !seenGroups.has(group.id)) {
        // Neither chosen nor defaulted: a required group without defaults.
        unknown.push({ path: `${at}.options`, message: `choose ${group.min} of ${group.name}` });
      }
    }

    const unitPriceMinor = minor(item.price) + chosen.reduce((sum, option) => sum + option.priceDeltaMinor, 0);
    priced.push({
      menuItemId: item.id,
      itemName: item.name,
      quantity: line.quantity,
      unitPriceMinor: Math.max(0, unitPriceMinor),
      specialInstructions: line.special_instructions?.trim() ? line.special_instructions.trim() : '',
      options: chosen,
      station: item.station,
      preparationTime: item.preparation_time,
    });
  });

  if (unknown.length || unavailable.length) return { ok: false, unknown, unavailable };
  return { ok: true, lines: priced, totalMinor: priced.reduce((sum, l) => sum + l.unitPriceMinor * l.quantity, 0) };
}
