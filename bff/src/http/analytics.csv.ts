import type { AdminAnalytics } from '@canteen/contracts';

type Cell = string | number | null;

/** RFC 4180: a cell with a comma, quote or line break is quoted, quotes doubled. A leading = + - @ is defused for spreadsheets. */
function cell(value: Cell): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The same figures as the JSON view, one per row (`section,key,metric,value`), so a
 * spreadsheet can filter and pivot them and nothing is lost to a layout.
 */
export function analyticsCsv(view: AdminAnalytics): string {
  const rows: Cell[][] = [['section', 'key', 'metric', 'value']];
  const add = (section: string, key: Cell, figures: Record<string, Cell>) => {
    for (const [metric, value] of Object.entries(figures)) rows.push([section, key, metric, value]);
  };
  const { orders, payments } = view;
  add('range', `${view.from}..${view.to}`, { time_zone: view.time_zone, generated_at: view.generated_at });
  add('totals', null, orders.totals);
  for (const { date, ...figures } of orders.days) add('day', date, figures);
  for (const { hour, today, last_week } of orders.hours) add('hour', String(hour).padStart(2, '0'), { [`today ${orders.today}`]: today, [`last_week ${orders.last_week_day}`]: last_week });
  for (const { name, menu_item_id, quantity, revenue } of orders.top_dishes) add('top_dish', name, { menu_item_id, quantity, revenue });
  add('wait', null, orders.wait);
  add('cancellations', null, { count: orders.cancellations.count });
  for (const { reason, count } of orders.cancellations.by_reason) add('cancellation_reason', reason || '(none given)', { count });
  if (payments) {
    add('payments', null, { attempts: payments.attempts, succeeded: payments.succeeded, failed: payments.failed, pending: payments.pending, success_rate: payments.success_rate });
    for (const { method, ...figures } of payments.methods) add('payment_method', method, figures);
    add('refunds', null, payments.refunds);
  } else {
    add('payments', null, { unavailable: 'the payments service did not answer' });
  }
  return `${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
