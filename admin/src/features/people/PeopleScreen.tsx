import { useState } from 'react';
import type { AdminUser } from '@canteen/contracts';
import { useSession } from '../../app/hooks.ts';
import { api, formatDateTime } from '../../app/services.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { messageOf } from '../../ui/errors.ts';
import { Empty, ErrorState, Notice, Skeleton } from '../../ui/states.tsx';
import { PAGE_SIZE, usePeople, type RoleFilter } from './usePeople.ts';
import './people.css';

const ROLES = ['CUSTOMER', 'STAFF', 'ADMIN'] as const;
const ROLE_WORDS: Record<AdminUser['role'], string> = { CUSTOMER: 'Student', STAFF: 'Kitchen staff', ADMIN: 'Admin' };
/** What a role lets the person do, for the confirm. */
const ROLE_POWERS: Record<AdminUser['role'], string> = {
  CUSTOMER: 'They can order, and no longer use the kitchen display or this panel.',
  STAFF: 'They can open the kitchen display and move every order.',
  ADMIN: 'They can run this panel: the menu, people, refunds and the figures.',
};

/** A change waiting for the admin's yes: a new role, or a deactivation; `from` is the control that asked (focus goes back to it). */
type Pending = ({ user: AdminUser; role: AdminUser['role'] } | { user: AdminUser; deactivate: true }) & { from: HTMLElement };

/** Accounts: find someone, change their role, deactivate or reactivate them. */
export function PeopleScreen() {
  const me = useSession()?.user.id;
  const [text, setText] = useState('');
  const [role, setRole] = useState<RoleFilter>('');
  const [offset, setOffset] = useState(0);
  const people = usePeople(text, role, offset);
  const [busy, setBusy] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);

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

  const confirm = async (asked: Pending) => {
    const { user } = asked;
    if ('role' in asked) {
      const words = ROLE_WORDS[asked.role].toLowerCase();
      await change(user, { role: asked.role }, `${user.fullName} is now ${words} (${asked.role}). Their sessions ended: they sign in again to use it.`);
    } else {
      await change(user, { active: false }, `${user.fullName} is deactivated and signed out everywhere.`);
    }
    setPending(null);
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
                          onChange={(e) => setPending({ user, role: e.currentTarget.value as AdminUser['role'], from: e.currentTarget })}
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
                            onClick={(e) =>
                              user.active ? setPending({ user, deactivate: true, from: e.currentTarget }) : void change(user, { active: true }, `${user.fullName} can sign in again.`)
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
      {pending && <PendingConfirm pending={pending} busy={busy === pending.user.id} onConfirm={() => void confirm(pending)} onCancel={() => setPending(null)} />}
    </section>
  );
}

/** The question before a role change or a deactivation, naming the person and what changes. */
function PendingConfirm({ pending, busy, onConfirm, onCancel }: { pending: Pending; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  const { user } = pending;
  if ('role' in pending) {
    const words = ROLE_WORDS[pending.role].toLowerCase();
    return (
      <ConfirmDialog title={`Make ${user.fullName} ${words}?`} confirmLabel={`Make ${words}`} busy={busy} onConfirm={onConfirm} onCancel={onCancel} returnFocusTo={pending.from}>
        <p>
          {user.fullName} ({user.email}) goes from {ROLE_WORDS[user.role].toLowerCase()} ({user.role}) to {words} ({pending.role}). {ROLE_POWERS[pending.role]}
        </p>
        <p className="muted">Their open sessions end now: they sign in again to use the new role.</p>
      </ConfirmDialog>
    );
  }
  return (
    <ConfirmDialog title={`Deactivate ${user.fullName}?`} confirmLabel="Deactivate" danger busy={busy} onConfirm={onConfirm} onCancel={onCancel} returnFocusTo={pending.from}>
      <p>
        {user.fullName} ({user.email}) is signed out everywhere and cannot sign in until an admin reactivates them. Their orders and history stay.
      </p>
    </ConfirmDialog>
  );
}
