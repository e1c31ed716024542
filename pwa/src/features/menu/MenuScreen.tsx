import { useDeferredValue, useMemo, useState } from 'react';
import type { MenuItem } from '@canteen/contracts';
import { formatMoney, formatTime } from '../../app/services.ts';
import { ItemSheet } from './ItemSheet.tsx';
import type { MenuState } from './useMenu.ts';
import './menu.css';

const DIETS = [
  { tag: 'veg', label: 'Veg' },
  { tag: 'vegan', label: 'Vegan' },
  { tag: 'jain', label: 'Jain' },
  { tag: 'egg', label: 'Egg' },
  { tag: 'non-veg', label: 'Non-veg' },
  { tag: 'gluten-free', label: 'Gluten-free' },
] as const;

function DietMark({ item }: { item: MenuItem }) {
  if (item.diet_tags.includes('non-veg')) return <span className="diet nonveg">Non-veg</span>;
  if (item.diet_tags.includes('egg')) return <span className="diet nonveg">Egg</span>;
  if (item.diet_tags.includes('veg') || item.diet_tags.includes('vegan')) return <span className="diet veg">{item.diet_tags.includes('vegan') ? 'Vegan' : 'Veg'}</span>;
  return null;
}

function matches(item: MenuItem, query: string, diets: string[]): boolean {
  if (diets.length && !diets.every((tag) => item.diet_tags.includes(tag as MenuItem['diet_tags'][number]))) return false;
  if (!query) return true;
  const q = query.toLowerCase();
  return item.name.toLowerCase().includes(q) || item.description.toLowerCase().includes(q) || item.category.toLowerCase().includes(q);
}

function MenuSkeleton() {
  return (
    <div aria-busy="true" aria-live="polite">
      <p className="visually-hidden">Loading the menu…</p>
      <div className="skeleton" style={{ height: 48, borderRadius: 999, marginBottom: 12 }} />
      <div className="skeleton" style={{ height: 24, width: '40%', margin: '20px 0 12px' }} />
      <div className="items">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="skeleton sk-item" />
        ))}
      </div>
    </div>
  );
}

export function MenuScreen({ menu, online }: { menu: MenuState; online: boolean }) {
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query.trim());
  const [diets, setDiets] = useState<string[]>([]);
  const [open, setOpen] = useState<MenuItem | null>(null);

  const sections = useMemo(() => {
    if (menu.status !== 'ready') return [];
    return menu.categories
      .map((category) => ({ category, items: menu.items.filter((item) => item.category_id === category.id && matches(item, deferredQuery, diets)) }))
      .filter((section) => section.items.length > 0);
  }, [menu, deferredQuery, diets]);

  // The open sheet follows the live menu: its price moves, and it closes if the dish sells out.
  const openLive = open && menu.status === 'ready' ? menu.items.find((item) => item.id === open.id) : undefined;
  if (menu.status === 'loading') return <MenuSkeleton />;
  if (menu.status === 'error') {
    return (
      <div className="banner error" role="alert">
        <span className="icon" aria-hidden="true">⚠</span>
        <div>
          <strong>No menu to show</strong>
          {menu.message}
          <div className="actions">
            <button type="button" className="btn btn-secondary" onClick={menu.retry}>
              Try again
            </button>
          </div>
        </div>
      </div>
    );
  }

  const toggleDiet = (tag: string) => setDiets((current) => (current.includes(tag) ? current.filter((t) => t !== tag) : [...current, tag]));
  const matchCount = sections.reduce((n, s) => n + s.items.length, 0);

  return (
    <>
      {!online && (
        <div className="banner offline" role="status">
          <span className="icon" aria-hidden="true">☁</span>
          <div>
            <strong>You’re offline</strong>
            The menu is from {menu.fetchedAt ? formatTime(menu.fetchedAt) : 'your last visit'}; orders will be sent when you’re back.
          </div>
        </div>
      )}
      <div className="menu-tools">
        <div className="search">
          <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2.5">
            <circle cx="11" cy="11" r="7" />
            <path d="m20 20-4-4" />
          </svg>
          <label htmlFor="menu-search" className="visually-hidden">
            Search the menu
          </label>
          <input id="menu-search" type="search" placeholder="Search dosa, chai, biryani…" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
        </div>
        <div className="chips" role="group" aria-label="Diet filters">
          {DIETS.map(({ tag, label }) => (
            <button key={tag} type="button" className="chip" aria-pressed={diets.includes(tag)} onClick={() => toggleDiet(tag)}>
              {label}
            </button>
          ))}
        </div>
      </div>
      <nav className="cat-nav" aria-label="Menu categories">
        <div className="chips">
          {sections.map(({ category }) => (
            <a key={category.id} className="chip" href={`#cat-${category.id}`}>
              {category.name}
            </a>
          ))}
        </div>
      </nav>
      <p className="visually-hidden" role="status">
        {deferredQuery || diets.length ? `${matchCount} dishes match` : ''}
      </p>
      {sections.length === 0 && (
        <div className="empty">
          <strong>Nothing matches</strong>
          {deferredQuery ? `No dish matches “${deferredQuery}”` : 'No dish has all the chosen diet tags'}.{' '}
          <button type="button" className="btn btn-quiet" onClick={() => (setQuery(''), setDiets([]))}>
            Show the whole menu
          </button>
        </div>
      )}
      {sections.map(({ category, items }) => (
        <section key={category.id} id={`cat-${category.id}`} className="category" aria-labelledby={`h-${category.id}`}>
          <h2 id={`h-${category.id}`}>{category.name}</h2>
          {category.description && <p>{category.description}</p>}
          <ul className="items">
            {items.map((item) => (
              <li key={item.id} className={item.available ? 'item' : 'item sold-out'}>
                <div className="item-body">
                  <div className="tags">
                    <DietMark item={item} />
                    {item.diet_tags.includes('spicy') && <span>· Spicy</span>}
                    <span>· {item.preparation_time} min</span>
                  </div>
                  <h3>{item.name}</h3>
                  <p className="desc">{item.description}</p>
                  <p className="price">{item.available ? formatMoney(item.price) : <span className="sold-out-tag">Sold out</span>}</p>
                </div>
                <div className="item-pic">
                  {item.image_url ? <img src={item.image_url} alt="" width={96} height={96} loading="lazy" decoding="async" /> : <div className="ph" />}
                  {item.available && (
                    <button type="button" className="btn-add" onClick={() => setOpen(item)} aria-label={`Add ${item.name}`}>
                      ADD
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {openLive?.available && <ItemSheet item={openLive} onClose={() => setOpen(null)} />}
    </>
  );
}
