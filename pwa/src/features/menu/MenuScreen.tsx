import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import type { MenuItem } from '@canteen/contracts';
import { formatTime } from '../../app/services.ts';
import { InstallButton } from '../install/InstallButton.tsx';
import { allergenLabel, freeOf, loadHiddenAllergens, menuAllergens, saveHiddenAllergens } from './allergens.ts';
import { ItemSheet } from './ItemSheet.tsx';
import { CategorySection, type Section } from './MenuSections.tsx';
import { useRevealed } from './useRevealed.ts';
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

function matches(item: MenuItem, query: string, diets: string[], hidden: string[]): boolean {
  if (!freeOf(item, hidden)) return false;
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
  const [hidden, setHidden] = useState<string[]>(loadHiddenAllergens);
  const [open, setOpen] = useState<MenuItem | null>(null);

  const sections = useMemo((): Section[] => {
    if (menu.status !== 'ready') return [];
    return menu.categories
      .map((category) => ({ category, items: menu.items.filter((item) => item.category_id === category.id && matches(item, deferredQuery, diets, hidden)) }))
      .filter((section) => section.items.length > 0);
  }, [menu, deferredQuery, diets, hidden]);
  const allergens = useMemo(() => (menu.status === 'ready' ? menuAllergens(menu.items) : []), [menu]);
  const sizes = useMemo(() => sections.map((s) => s.items.length), [sections]);
  const { shown, revealAll } = useRevealed(sizes);
  const onAdd = useCallback((item: MenuItem) => setOpen(item), []);

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
  const toggleAllergen = (allergen: string) => {
    const next = hidden.includes(allergen) ? hidden.filter((a) => a !== allergen) : [...hidden, allergen];
    setHidden(next);
    saveHiddenAllergens(next);
  };
  const showAll = () => {
    setQuery('');
    setDiets([]);
    setHidden([]);
    saveHiddenAllergens([]);
  };
  const matchCount = sections.reduce((n, s) => n + s.items.length, 0);
  const filtered = Boolean(deferredQuery || diets.length || hidden.length);

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
        {allergens.length > 0 && (
          <details className="allergen-filter" open={hidden.length > 0}>
            <summary>
              Allergens
              {hidden.length > 0 && <span className="muted"> · hiding {hidden.map(allergenLabel).join(', ').toLowerCase()}</span>}
            </summary>
            <p id="allergen-hint" className="small muted">
              Hide dishes containing:
            </p>
            <div className="chips wrap" role="group" aria-labelledby="allergen-hint">
              {allergens.map((allergen) => (
                <button key={allergen} type="button" className="chip" aria-pressed={hidden.includes(allergen)} onClick={() => toggleAllergen(allergen)}>
                  {hidden.includes(allergen) && <span aria-hidden="true">✕</span>}
                  {allergenLabel(allergen)}
                </button>
              ))}
            </div>
          </details>
        )}
      </div>
      <nav className="cat-nav" aria-label="Menu categories">
        <div className="chips">
          {sections.map(({ category }) => (
            <a key={category.id} className="chip" href={`#cat-${category.id}`} onClick={revealAll}>
              {category.name}
            </a>
          ))}
        </div>
      </nav>
      <p className="visually-hidden" role="status">
        {filtered ? `${matchCount} dishes match` : ''}
      </p>
      {sections.length === 0 && (
        <div className="empty">
          <strong>Nothing matches</strong>
          {deferredQuery ? `No dish matches “${deferredQuery}”` : hidden.length ? 'No dish fits the chosen diet and allergen filters' : 'No dish has all the chosen diet tags'}.{' '}
          <button type="button" className="btn btn-quiet" onClick={showAll}>
            Show the whole menu
          </button>
        </div>
      )}
      {sections.slice(0, shown).map((section, index) => (
        <CategorySection key={section.category.id} section={section} first={index === 0} onAdd={onAdd} />
      ))}
      {shown === sections.length && <InstallButton />}
      {openLive?.available && <ItemSheet item={openLive} onClose={() => setOpen(null)} />}
    </>
  );
}
