import { useState } from 'react';
import type { MenuItem } from '@canteen/contracts';
import { api, formatMoney } from '../../app/services.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { messageOf } from '../../ui/errors.ts';
import { Empty, Notice } from '../../ui/states.tsx';

interface ItemTableProps {
  items: MenuItem[];
  categoryName: (id: string) => string;
  onEdit: (item: MenuItem) => void;
  onChanged: (item: MenuItem) => void;
  onDeleted: () => void;
}

/** The dishes, with the switch a manager uses most (available or sold out) on each row. */
export function ItemTable({ items, categoryName, onEdit, onChanged, onDeleted }: ItemTableProps) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<MenuItem | null>(null);

  const setAvailable = async (item: MenuItem, available: boolean) => {
    setBusy(item.id);
    setError(null);
    try {
      onChanged(await api.updateItem(item.id, { available }));
    } catch (err) {
      setError(`${item.name}: ${messageOf(err, 'The change')}`);
    } finally {
      setBusy(null);
    }
  };

  const remove = async (item: MenuItem) => {
    setBusy(item.id);
    setError(null);
    try {
      await api.deleteItem(item.id);
      onDeleted();
    } catch (err) {
      setError(`${item.name}: ${messageOf(err, 'Deleting')}`);
    } finally {
      setBusy(null);
      setDeleting(null);
    }
  };

  if (items.length === 0) return <Empty title="No dishes here yet">Add the first one with “New dish”.</Empty>;
  return (
    <>
      {error && <Notice tone="error">{error}</Notice>}
      <table className="items-table">
        <caption className="visually-hidden">Dishes</caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Picture</span>
            </th>
            <th scope="col">Dish</th>
            <th scope="col" className="num">
              Price
            </th>
            <th scope="col">Station · prep</th>
            <th scope="col" className="num">
              Stock
            </th>
            <th scope="col">On the menu</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id}>
              <td className="thumb">{item.image_url ? <img src={item.image_url} alt="" loading="lazy" /> : <span className="no-thumb" aria-hidden="true" />}</td>
              <td>
                <span className="item-name">{item.name}</span>
                <span className="muted small item-sub">
                  {categoryName(item.category_id)}
                  {item.diet_tags.length ? ` · ${item.diet_tags.join(', ')}` : ''}
                  {item.option_groups.length ? ` · ${item.option_groups.length} option group${item.option_groups.length > 1 ? 's' : ''}` : ''}
                </span>
              </td>
              <td className="num">{formatMoney(item.price)}</td>
              <td className="nowrap-cell">
                {item.station} · {item.preparation_time} min
              </td>
              <td className="num nowrap-cell">{item.stock === null ? <span className="muted">—</span> : item.stock}</td>
              <td>
<button
                  type="button"
                  role="switch"
                  className="switch"
                  aria-checked={item.available}
                  aria-label={`${item.name} available`}
                  disabled={busy === item.id}
                  onClick={() => void setAvailable(item, !item.available)}
                >
                  <span className="switch-track" aria-hidden="true" />
                  <span className={`chip ${item.available ? 'ok' : 'danger'}`}>{item.available ? 'Available' : 'Sold out'}</span>
                </button>
              </td>
              <td>
                <div className="btn-row nowrap">
                  <button type="button" className="btn btn-small" onClick={() => onEdit(item)} aria-label={`Edit ${item.name}`}>
                    Edit
                  </button>
                  <button type="button" className="btn btn-small btn-danger" onClick={() => setDeleting(item)} aria-label={`Delete ${item.name}`}>
                    Delete
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {deleting && (
        <ConfirmDialog title={`Delete ${deleting.name}?`} confirmLabel="Delete the dish" danger busy={busy === deleting.id} onCancel={() => setDeleting(null)} onConfirm={() => void remove(deleting)}>
          <p>Students will no longer see it. Orders already placed keep it. To take it off the menu for a while, switch it to sold out instead.</p>
        </ConfirmDialog>
      )}
    </>
  );
}
