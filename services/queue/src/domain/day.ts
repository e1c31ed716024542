/** The canteen's calendar day (YYYY-MM-DD) of an instant, in its time zone. */
export function canteenDay(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
