import { useState } from 'react';
import type { AdminUser } from '@canteen/contracts';
import { useSession } from '../../app/hooks.ts';
import { api, formatDateTime } from '../../app/services.ts';
import { messageOf } from '../../ui/errors.ts';
import { Empty, ErrorState, Notice, Skeleton } from '../../ui/states.tsx';
import { PAGE_SIZE, usePeople, type RoleFilter } from './usePeople.ts';
import './people.css';

const ROLES = ['CUSTOMER', 'STAFF', 'ADMIN'] as const;
const ROLE_WORDS: Record<AdminUser['role'], string> = { CUSTOMER: 'Student', STAFF: 'Kitchen staff', ADMIN: 'Admin' };

/** Accounts: find someone, change their role, deactivate or reactivate them. */
export function PeopleScreen() {
  const me = useSession()?.user.id;
  const [text, setText] = useState('');
  const [role, setRole] = useState<RoleFilter>('');
  const [offset, setOffset] = useState(0);
  const people = usePeople(text, role, offset);
  const [busy, setBusy] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  const change = async (user: AdminUser, patch: { role?: AdminUser['role']; active?: boolean }, done: string) => {
    setBusy(user.id);
    setOutcome(null);
    try {
      const updated = await api.updateUser(user.id, patch);
      if (people.data) people.set({ ...people.data, users: people.data.users.map((other) => (other.id === updated.id ? updated : other)) });
      setOutcome({ tone: 'ok', text: done });
    } catch (err) {
      setOutcome({ tone: 'error', text: `${user.fullName}: ${messageOf(err, 'The change')}` });
    } finally {
      setBusy(null);
    }
  };

  const data = people.data;
  return (
    <section>
      <div className="page-head">
        <div>
          <h1>People</h1>
          <p className="muted">Students, kitchen staff and admins. A new role or a deactivation takes effect at once: the person's open sessions end.</p>
        </div>
      </div>
      <div className="card">
        <form className="people-filters" role="search" onSubmit={(e) => e.preventDefault()}>
          <div className="field">
            <label htmlFor="people-q">Search by name or email</label>
            <input id="people-q" type="search" value={text} onChange={(e) => (setText(e.currentTarget.value), setOffset(0))} placeholder="e.g. asha or @campus.example" />
          </div>
          <div className="field">
            <label htmlFor="people-role">Role</label>
            <select id="people-role" value={role} onChange={(e) => (setRole(e.currentTarget.value as RoleFilter), setOffset(0))}>
              <option value="">Everyone</option>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_WORDS[r]}
                </option>
              ))}
            </select>
          </div>
        </form>
        <p className="muted small self-note">
          You cannot change your own role or deactivate yourself: if the last admin did, nobody could run the canteen any more. Another admin can.
        </p>
        {outcome && <Notice tone={outcome.tone}>{outcome.text}</Notice>}
        {people.error ? <ErrorState error={people.error} what="Loading people" onRetry={people.reload} /> : null}
        {!data && !people.error && <Skeleton label="Loading people…" rows={8} />}
        {data && data.users.length === 0 && <Empty title="Nobody matches">Try part of a name or an email address, or another role.</Empty>}
        {data && data.users.length > 0 && (
          <>
            <table className="people-table" aria-busy={people.loading}>
              <caption className="visually-hidden">People</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Status</th>
                  <th scope="col">Joined</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.users.map((user) => {
                  const self = user.id === me;
                  return (
                    <tr key={user.id} className={user.active ? '' : 'inactive'}>
                      <td>
                        <span className="person-name">{user.fullName}</span>
                        {self && <span className="chip">You</span>}
                      </td>
                      <td>{user.email}</td>
                      <td>
                        <select
                          aria-label={`Role of ${user.fullName}`}
                          value={user.role}
                          disabled={self || busy === user.id}
                          aria-describedby={self ? 'self-lock' : undefined}
                          onChange={(e) => {
                            const next = e.currentTarget.value as AdminUser['role'];
                            void change(user, { role: next }, `${user.fullName} is now ${ROLE_WORDS[next].toLowerCase()} (${next}). Their sessions ended: they sign in again to use it.`);
                          }}
                        >
                          {ROLES.map((r) => (
                            <option key={r} value={r}>
                              {ROLE_WORDS[r]}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td>
                        <span className={`chip ${user.active ? 'ok' : 'danger'}`}>{user.active ? 'Active' : 'Deactivated'}</span>
                      </td>
                      <td className="nowrap-cell">{formatDateTime(user.createdAt)}</td>
                      <td>
                        {self ? (
                          <span id="self-lock" className="muted small">
                            That's you — another admin can change this
                          </span>
                        ) : (
                          <button
                            type="button"
                            className={`btn btn-small ${user.active ? 'btn-danger' : ''}`}
                            disabled={busy === user.id}
                            onClick={() =>
                              void change(
                                user,
                                { active: !user.active },
                                user.active ? `${user.fullName} is deactivated and signed out everywhere.` : `${user.fullName} can sign in again.`,
                              )
                            }
                          >
                            {user.active ? `Deactivate ${user.fullName}` : `Reactivate ${user.fullName}`}
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <nav className="pager" aria-label="Pages of people">
              <span className="muted small">
                {data.offset + 1}–{data.offset + data.users.length} of {data.total}
              </span>
              <button type="button" className="btn btn-small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
                Previous
              </button>
              <button type="button" className="btn btn-small" disabled={data.offset + data.users.length >= data.total} onClick={() => setOffset(offset + PAGE_SIZE)}>
                Next
              </button>
            </nav>
          </>
        )}
      </div>
    </section>
  );
}
