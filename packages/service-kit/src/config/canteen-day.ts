/** Building an Intl formatter costs far more than using one: one per time zone, kept. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The canteen's calendar day (YYYY-MM-DD) of an instant, in its time zone: the day queue
 * numbers belong to (the orders service gives them, the queue service files them). Pure.
 */
export function canteenDay(at: Date | number, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, format);
  }
  return format.format(at);
}
