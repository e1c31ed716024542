/** Placeholder: the analytics dashboard (orders per hour, revenue, wait times…) is built on its own branch. */
export function AnalyticsScreen() {
  return (
    <section>
      <h1>Dashboard</h1>
      <p className="muted">The day's and the month's numbers are coming here soon.</p>
    </section>
  );
}
