import { useState } from 'react';
import type { Category, MenuItem } from '@canteen/contracts';
import { api } from '../../app/services.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { fieldErrors, messageOf } from '../../ui/errors.ts';
import { Field } from '../../ui/Field.tsx';
import { Notice } from '../../ui/states.tsx';
import { reorderUpdates } from './category-order.ts';

interface CategoryPanelProps {
  categories: Category[];
  items: MenuItem[];
  selected: string | null;
  onSelect: (id: string | null) => void;
  /** Something changed at the server: reload the menu. */
  onChanged: () => void;
}

/** Categories: pick one to see its dishes; add, rename, move, hide and delete them. */
export function CategoryPanel({ categories, items, selected, onSelect, onChanged }: CategoryPanelProps) {
  const [error, setError] = useState<string | null>(null);
  const [newError, setNewError] = useState<string | undefined>();
  const [renaming, setRenaming] = useState<string | null>(null);
  const [renameError, setRenameError] = useState<string | undefined>();
  const [deleting, setDeleting] = useState<Category | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (what: string, action: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await action();
      onChanged();
      return true;
    } catch (err) {
      setError(messageOf(err, what));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const create = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get('name') ?? '').trim();
    setNewError(undefined);
    const lastOrder = Math.max(0, ...categories.map((category) => category.display_order));
    try {
      await api.createCategory({ name, display_order: lastOrder + 10 });
      form.reset();
      onChanged();
    } catch (err) {
      setNewError(fieldErrors(err).name ?? messageOf(err, 'Adding the category'));
    }
  };

  const rename = async (event: React.FormEvent<HTMLFormElement>, category: Category) => {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name') ?? '').trim();
    setRenameError(undefined);
    try {
      await api.updateCategory(category.id, { name });
      setRenaming(null);
      onChanged();
    } catch (err) {
      setRenameError(fieldErrors(err).name ?? messageOf(err, 'Renaming'));
    }
  };

  const move = (index: number, direction: -1 | 1) =>
    run('Moving the category', () => Promise.all(reorderUpdates(categories, index, direction).map(({ category, display_order }) => api.updateCategory(category.id, { display_order }))));

  const itemsOf = (category: Category) => items.filter((item) => item.category_id === category.id);

  return (
    <section className="card category-panel" aria-labelledby="categories-title">
      <h2 id="categories-title">Categories</h2>
      <p className="muted small">Pick one to see its dishes, rename, move, hide or delete it.</p>
      {error && <Notice tone="error">{error}</Notice>}
      <ul className="category-list">
        <li>
          <button type="button" className="category-pick" aria-pressed={selected === null} onClick={() => onSelect(null)}>
            All dishes <span className="muted small">{items.length}</span>
          </button>
        </li>
        {categories.map((category, index) => (
          <li key={category.id} className={category.active ? '' : 'inactive'}>
            {renaming === category.id ? (
              <form className="rename" onSubmit={(e) => void rename(e, category)}>
                <Field label={`New name for ${category.name}`} error={renameError}>
                  <input name="name" defaultValue={category.name} required maxLength={80} autoFocus />
                </Field>
                <div className="btn-row">
                  <button type="submit" className="btn btn-primary btn-small">
                    Save name
                  </button>
                  <button type="button" className="btn btn-small" onClick={() => (setRenaming(null), setRenameError(undefined))}>
                    Cancel
                  </button>
                </div>
              </form>
            ) : (
              <>
                <button type="button" className="category-pick" aria-pressed={selected === category.id} onClick={() => onSelect(category.id)}>
                  <span className="grow">{category.name}</span>
                  {!category.active && <span className="chip warn">Hidden</span>}
                  <span className="muted small">{itemsOf(category).length}</span>
                </button>
                {selected === category.id && (
                <div className="category-actions" role="group" aria-label={`${category.name}: actions`}>
                  <button type="button" className="btn btn-small" aria-label={`Move ${category.name} up`} disabled={busy || index === 0} onClick={() => void move(index, -1)}>
                    ↑
                  </button>
                  <button
                    type="button"
                    className="btn btn-small"
                    aria-label={`Move ${category.name} down`}
                    disabled={busy || index === categories.length - 1}
                    onClick={() => void move(index, 1)}
                  >
                    ↓
                  </button>
                  <button type="button" className="btn btn-small" aria-label={`Rename ${category.name}`} onClick={() => (setRenaming(category.id), setRenameError(undefined))}>
                    Rename
                  </button>
                  <button
                    type="button"
                    className="btn btn-small"
                    aria-label={`${category.active ? 'Hide' : 'Show'} ${category.name} on the menu`}
                    disabled={busy}
                    onClick={() => void run('Changing the category', () => api.updateCategory(category.id, { active: !category.active }))}
                  >
                    {category.active ? 'Hide' : 'Show'}
                  </button>
                  <button type="button" className="btn btn-small btn-danger" aria-label={`Delete ${category.name}`} disabled={busy} onClick={() => setDeleting(category)}>
                    Delete
                  </button>
                </div>
                )}
              </>
            )}
          </li>
        ))}
      </ul>
      <form className="new-category" onSubmit={(e) => void create(e)}>
        <Field label="New category" error={newError}>
          <input name="name" required maxLength={80} placeholder="e.g. Breakfast" />
        </Field>
        <button type="submit" className="btn">
          Add category
        </button>
      </form>
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel={itemsOf(deleting).length ? `Delete it and its ${itemsOf(deleting).length} dishes` : 'Delete it'}
          danger
          busy={busy}
          onCancel={() => setDeleting(null)}
          onConfirm={() =>
            void run('Deleting the category', () => api.deleteCategory(deleting.id, itemsOf(deleting).length > 0)).then((ok) => {
              if (ok && selected === deleting.id) onSelect(null);
              setDeleting(null);
            })
          }
        >
          {itemsOf(deleting).length ? (
            <>
              <p>These dishes are in it and will be deleted too; students will no longer see them:</p>
              <ul className="doomed">
                {itemsOf(deleting).map((item) => (
                  <li key={item.id}>{item.name}</li>
                ))}
              </ul>
              <p className="muted small">To keep a dish, move it to another category first (Edit → Category). To hide the category for a while, use Hide instead.</p>
            </>
          ) : (
            <p>It has no dishes. This cannot be undone.</p>
          )}
        </ConfirmDialog>
      )}
    </section>
  );
}
