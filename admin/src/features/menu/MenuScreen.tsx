import { useState } from 'react';
import type { MenuItem } from '@canteen/contracts';
import { ErrorState, Skeleton } from '../../ui/states.tsx';
import { CategoryPanel } from './CategoryPanel.tsx';
import { ItemEditor } from './ItemEditor.tsx';
import { ItemTable } from './ItemTable.tsx';
import { useMenu } from './useMenu.ts';
import './menu.css';

/** The menu editor: categories on the left, their dishes on the right, a dish opens in the editor. */
export function MenuScreen() {
  const menu = useMenu();
  const [selected, setSelected] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<MenuItem | 'new' | null>(null);

  const head = (
    <div className="page-head">
      <div>
        <h1>Menu</h1>
        <p className="muted">Dishes, prices, pictures and what is available now. Changes reach the students' menu at once.</p>
      </div>
      <button type="button" className="btn btn-primary" disabled={!menu.data?.categories.length} onClick={() => setEditing('new')}>
        New dish
      </button>
    </div>
  );
  if (!menu.data) {
    return (
      <section>
        {head}
        {menu.error ? <ErrorState error={menu.error} what="Loading the menu" onRetry={menu.reload} /> : <Skeleton label="Loading the menu…" rows={8} />}
      </section>
    );
  }

  const { categories, items } = menu.data;
  const names = new Map(categories.map((category) => [category.id, category.name]));
  const needle = query.trim().toLowerCase();
  const shown = items
    .filter((item) => (selected ? item.category_id === selected : true))
    .filter((item) => !needle || item.name.toLowerCase().includes(needle))
    .sort((a, b) => a.name.localeCompare(b.name));
  const title = selected ? (names.get(selected) ?? 'Dishes') : 'All dishes';

  return (
    <section>
      {head}
      {menu.error ? <ErrorState error={menu.error} what="Reloading the menu" onRetry={menu.reload} /> : null}
      <div className="menu-layout">
        <CategoryPanel categories={categories} items={items} selected={selected} onSelect={setSelected} onChanged={menu.reload} />
        <section className="card" aria-labelledby="dishes-title">
          <div className="list-head">
            <h2 id="dishes-title">
              {title} <span className="muted small">({shown.length})</span>
            </h2>
            <label className="visually-hidden" htmlFor="dish-search">
              Find a dish
            </label>
            <input id="dish-search" type="search" placeholder="Find a dish" value={query} onChange={(e) => setQuery(e.currentTarget.value)} />
          </div>
          <ItemTable items={shown} categoryName={(id) => names.get(id) ?? '—'} onEdit={setEditing} onChanged={menu.putItem} onDeleted={menu.reload} />
        </section>
      </div>
      {editing && (
        <ItemEditor
          item={editing === 'new' ? null : editing}
          categories={categories}
          categoryId={selected}
          onSaved={(item) => {
            menu.putItem(item);
          }}
          onClose={() => {
            setEditing(null);
            menu.reload();
          }}
        />
      )}
    </section>
  );
}
