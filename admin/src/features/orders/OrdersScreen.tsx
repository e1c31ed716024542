import { useState } from 'react';
import type { OrderStatus } from '@canteen/contracts';
import { navigate, useLocation } from '../../app/router.ts';
import { formatDateTime, formatMoney } from '../../app/services.ts';
import { Empty, ErrorState, Skeleton } from '../../ui/states.tsx';
import { OrderDetail } from './OrderDetail.tsx';
import { STATUS_TONE, STATUS_WORDS } from './order-words.ts';
import { useOrderSearch, useStaffNames } from './useOrders.ts';
import './orders.css';

const STATUSES = Object.keys(STATUS_WORDS) as OrderStatus[];

/** Find an order by its number, its id or its student; the chosen one opens beside the list (`?id=` keeps it in the address). */
export function OrdersScreen() {
  const { search } = useLocation();
  const selected = Number(search.get('id')) || null;
  const [typed, setTyped] = useState('');
  const [text, setText] = useState('');
  const [status, setStatus] = useState<OrderStatus | ''>('');
  const [student, setStudent] = useState<{ id: number; name: string } | null>(null);
  const results = useOrderSearch(text, status, student?.id ?? null);
  const people = useStaffNames();

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setStudent(null);
    setText(typed);
  };
  const open = (id: number) => navigate(`/orders?id=${id}`);
  const data = results.data;

  return (
    <section>
      <div className="page-head">
        <div>
          <h1>Orders</h1>
          <p className="muted">Find an order by the number on the student's screen, its order id, or the student's name or email.</p>
        </div>
      </div>
      <div className="orders-layout">
        <section className="card" aria-labelledby="find-title">
          <h2 id="find-title" className="visually-hidden">
            Find orders
          </h2>
          <form className="order-search" role="search" onSubmit={submit}>
            <div className="field grow">
              <label htmlFor="order-q">Number, order id or student</label>
              <input id="order-q" type="search" value={typed} onChange={(e) => setTyped(e.currentTarget.value)} placeholder="e.g. 42 or asha@campus.example" />
            </div>
            <button type="submit" className="btn btn-primary">
              Find
            </button>
          </form>
          <div className="field">
            <label htmlFor="order-status">Latest orders with status</label>
            <select id="order-status" value={status} onChange={(e) => (setStatus(e.currentTarget.value as OrderStatus | ''), setText(''), setTyped(''), setStudent(null))}>
              <option value="">Any status</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_WORDS[s]}
                </option>
              ))}
            </select>
          </div>
          {results.error ? <ErrorState error={results.error} what="The search" onRetry={results.reload} /> : null}
          {!data && !results.error && <Skeleton label="Looking for orders…" rows={6} />}
          {data && (
            <>
              <p className="muted small" aria-live="polite">
                {student ? `Orders of ${student.name}` : data.note}
              </p>
              {data.students.length > 0 && (
                <ul className="student-list" aria-label="Matching people">
                  {data.students.map((user) => (
                    <li key={user.id}>
                      <button type="button" className="btn btn-block student-pick" onClick={() => setStudent({ id: user.id, name: user.fullName })}>
                        <span className="grow">{user.fullName}</span>
                        <span className="muted small">{user.email}</span>
                      </button>
                    </li>
                  ))}
                </ul>
              )}
              {data.students.length === 0 && data.orders.length === 0 && <Empty title="No orders found">Try the number the student shows, the order id, or their email.</Empty>}
              {data.orders.length > 0 && (
                <ul className="order-list" aria-label="Orders">
                  {data.orders.map((order) => (
                    <li key={order.id}>
                      <a
                        href={`/admin/orders?id=${order.id}`}
                        className={`order-row ${order.id === selected ? 'current' : ''}`}
                        aria-current={order.id === selected ? 'true' : undefined}
                        onClick={(event) => {
                          if (event.metaKey || event.ctrlKey || event.shiftKey) return;
                          event.preventDefault();
                          open(order.id);
                        }}
                      >
                        <span className="order-row-main">
                          <strong>Order {order.id}</strong>
                          {order.queue_number !== null && <span> · #{order.queue_number}</span>}
                          <span className="muted small block">
                            {formatDateTime(order.created_at)} · student #{order.user_id} · {order.items.length} line{order.items.length > 1 ? 's' : ''}
                          </span>
                        </span>
                        <span className="order-row-side">
                          <span className={`chip ${STATUS_TONE[order.status]}`}>{STATUS_WORDS[order.status]}</span>
                          <span className="small">{formatMoney(order.total_amount)}</span>
                        </span>
                      </a>
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
        </section>
        <section className="card" aria-label="The chosen order">
          {selected ? (
            <OrderDetail key={selected} id={selected} people={people.data ?? new Map()} onChanged={results.reload} />
          ) : (
            <Empty title="No order chosen">Pick an order on the left to see its history, its payment and what can be done.</Empty>
          )}
        </section>
      </div>
    </section>
  );
}
