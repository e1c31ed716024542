import { useMemo, useState, type FormEvent } from 'react';
import type { AdminAnalytics } from '@canteen/contracts';
import { useLoad } from '../../app/hooks.ts';
import { api, formatMoney } from '../../app/services.ts';
import { messageOf } from '../../ui/errors.ts';
import { Chart, type ChartSeries } from './Chart.tsx';
import { downloadCsv, minutes, percent } from './figures.ts';
import './analytics.css';

/** The dashboard: one call per view (`/api/admin/analytics`), charts with their numbers in tables beside them. */
export function AnalyticsScreen() {
  const [range, setRange] = useState<{ from?: string; to?: string }>({});
  const view = useLoad(() => api.analytics(range), [range.from, range.to]);
  const [csvError, setCsvError] = useState<string | null>(null);

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const from = String(form.get('from') ?? '');
    const to = String(form.get('to') ?? '');
    setRange({ ...(from ? { from } : {}), ...(to ? { to } : {}) });
  };
  const data = view.data;

  return (
    <section aria-labelledby="dashboard-title">
      <div className="page-head">
        <div>
          <h1 id="dashboard-title">Dashboard</h1>
          <p className="muted">{data ? `${data.from} to ${data.to}, canteen time (${data.time_zone})` : 'The last 30 days'}</p>
        </div>
        <form className="range-form" onSubmit={apply} aria-label="Date range">
          <div className="field">
            <label htmlFor="range-from">From</label>
            <input id="range-from" name="from" type="date" defaultValue={data?.from} key={`f${data?.from}`} />
          </div>
          <div className="field">
            <label htmlFor="range-to">To</label>
            <input id="range-to" name="to" type="date" defaultValue={data?.to} key={`t${data?.to}`} />
          </div>
          <button type="submit" className="btn btn-primary">
            Show
          </button>
          <button
            type="button"
            className="btn"
            disabled={!data}
            onClick={() => data && downloadCsv(data.from, data.to).then(() => setCsvError(null), (err: unknown) => setCsvError(messageOf(err, 'The CSV download')))}
          >
            Download CSV
          </button>
        </form>
      </div>
      {csvError && (
        <div className="banner error" role="alert">
          {csvError}
        </div>
      )}
      {view.error !== null && view.error !== undefined && (
        <div className="banner error" role="alert">
          <span className="icon" aria-hidden="true">!</span>
          <div className="grow">{messageOf(view.error, 'Loading the figures')}</div>
          <button type="button" className="btn btn-small" onClick={view.reload}>
            Try again
          </button>
        </div>
      )}
      {view.loading && !data && (
        <div className="skeleton" aria-label="Loading the figures" role="status">
          {Array.from({ length: 6 }, (_, i) => (
            <div key={i} className="skeleton-row" />
          ))}
        </div>
      )}
      {data && <Figures data={data} />}
    </section>
  );
}

function Figures({ data }: { data: AdminAnalytics }) {
  const { orders, payments } = data;
  const dayLabels = useMemo(() => orders.days.map((d) => d.date.slice(5)), [orders.days]);
  const revenue = useMemo<ChartSeries[]>(() => [{ label: 'Revenue', values: orders.days.map((d) => d.revenue), color: '#1f6feb', bars: true }], [orders.days]);
  const hourRows = orders.hours.filter((h) => h.today > 0 || h.last_week > 0 || (h.hour >= 8 && h.hour <= 18));
  const hourLabels = useMemo(() => hourRows.map((h) => `${String(h.hour).padStart(2, '0')}:00`), [hourRows]);
  const hourSeries = useMemo<ChartSeries[]>(
    () => [
      { label: `Today (${orders.today})`, values: hourRows.map((h) => h.today), color: '#1f6feb' },
      { label: `Same weekday last week (${orders.last_week_day})`, values: hourRows.map((h) => h.last_week), color: '#9a6700' },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [orders.hours],
  );
  if (orders.totals.orders === 0 && orders.hours.every((h) => h.last_week === 0 && h.today === 0)) {
    return (
      <div className="empty">
        <p className="empty-title">No orders in these days yet</p>
        <p className="muted">Figures appear here as soon as students order. Try a wider range.</p>
      </div>
    );
  }
  const late = orders.wait.average_eta_error_seconds;
  return (
    <>
      <ul className="tiles" aria-label="Totals">
        <Tile label="Orders" value={orders.totals.orders.toLocaleString('en-IN')} note={`${orders.totals.completed.toLocaleString('en-IN')} completed`} />
        <Tile label="Revenue" value={formatMoney(orders.totals.revenue)} note={orders.totals.average_order_value === null ? '—' : `${formatMoney(orders.totals.average_order_value)} per order`} />
        <Tile label="Average wait" value={minutes(orders.wait.average_wait_seconds)} note="paid to ready" />
        <Tile
          label="ETA error"
          value={late === null ? '—' : `${late > 0 ? '+' : late < 0 ? '−' : ''}${minutes(Math.abs(late))}`}
          note={late === null ? 'no promises kept yet' : `${late > 0 ? 'later' : 'earlier'} than promised on average; ${orders.wait.late_orders.toLocaleString('en-IN')} over a minute late`}
        />
        <Tile label="Payment success" value={payments ? percent(payments.success_rate) : '—'} note={payments ? `${payments.failed} declined` : 'payments service not answering'} />
        <Tile label="Cancellations" value={orders.cancellations.count.toLocaleString('en-IN')} note={payments ? `${payments.refunds.count} refunds, ${formatMoney(payments.refunds.amount)}` : '—'} />
      </ul>

      <div className="panels">
        <article className="card panel" aria-labelledby="hours-title">
          <h2 id="hours-title">Orders per hour: today against the same weekday last week</h2>
          <Chart labels={hourLabels} series={hourSeries} />
          <table>
            <caption className="visually-hidden">Orders per hour</caption>
            <thead>
              <tr>
                <th scope="col">Hour</th>
                <th scope="col" className="num">Today</th>
                <th scope="col" className="num">Last week</th>
              </tr>
            </thead>
            <tbody>
              {hourRows.map((h) => (
                <tr key={h.hour}>
                  <th scope="row">{String(h.hour).padStart(2, '0')}:00</th>
                  <td className="num">{h.today}</td>
                  <td className="num">{h.last_week}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </article>

        <article className="card panel" aria-labelledby="revenue-title">
          <h2 id="revenue-title">Revenue per day</h2>
          <Chart labels={dayLabels} series={revenue} format={(v) => formatMoney(v).replace(/\.00$/, '')} />
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Revenue per day, as a table">
            <table>
              <caption className="visually-hidden">Revenue per day</caption>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col" className="num">Orders</th>
                  <th scope="col" className="num">Cancelled</th>
                  <th scope="col" className="num">Revenue</th>
                  <th scope="col" className="num">Refunded</th>
                </tr>
              </thead>
              <tbody>
                {[...orders.days].reverse().map((d) => (
                  <tr key={d.date}>
                    <th scope="row">{d.date}</th>
                    <td className="num">{d.orders}</td>
                    <td className="num">{d.cancelled}</td>
                    <td className="num">{formatMoney(d.revenue)}</td>
                    <td className="num">{formatMoney(d.refunded)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </article>

        <article className="card panel" aria-labelledby="dishes-title">
          <h2 id="dishes-title">Top dishes</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">Dish</th>
                <th scope="col" className="num">Sold</th>
                <th scope="col" className="num">Revenue</th>
              </tr>
            </thead>
            <tbody>
              {orders.top_dishes.map((dish) => (
                <tr key={dish.menu_item_id}>
                  <th scope="row">{dish.name}</th>
                  <td className="num">{dish.quantity.toLocaleString('en-IN')}</td>
                  <td className="num">{formatMoney(dish.revenue)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </article>

        <article className="card panel" aria-labelledby="payments-title">
          <h2 id="payments-title">Payments and cancellations</h2>
          {payments ? (
            <table>
              <thead>
                <tr>
                  <th scope="col">Method</th>
                  <th scope="col" className="num">Attempts</th>
                  <th scope="col" className="num">Succeeded</th>
                  <th scope="col" className="num">Declined</th>
                  <th scope="col" className="num">Amount</th>
                </tr>
              </thead>
              <tbody>
                {payments.methods.map((m) => (
                  <tr key={m.method}>
                    <th scope="row">{m.method.toUpperCase()}</th>
                    <td className="num">{m.attempts}</td>
                    <td className="num">{m.succeeded}</td>
                    <td className="num">{m.failed}</td>
                    <td className="num">{formatMoney(m.amount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="banner warn">The payments service did not answer: its figures are missing, the rest is current.</p>
          )}
          <h3>Why orders were cancelled</h3>
          {orders.cancellations.by_reason.length === 0 ? (
            <p className="muted">No cancellations in these days.</p>
          ) : (
            <ul className="reasons">
              {orders.cancellations.by_reason.map((r) => (
                <li key={r.reason}>
                  <span>{r.reason || '(no reason given)'}</span> <strong>{r.count}</strong>
                </li>
              ))}
            </ul>
          )}
        </article>
      </div>
    </>
  );
}

function Tile({ label, value, note }: { label: string; value: string; note: string }) {
  return (
    <li className="tile card">
      <span className="tile-label">{label}</span>
      <span className="tile-value">{value}</span>
      <span className="tile-note muted small">{note}</span>
    </li>
  );
}
