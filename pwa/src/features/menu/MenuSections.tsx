import { memo } from 'react';
import type { Category, MenuItem } from '@canteen/contracts';
import { formatMoney } from '../../app/services.ts';

export interface Section {
  category: Category;
  items: MenuItem[];
}

function DietMark({ item }: { item: MenuItem }) {
  if (item.diet_tags.includes('non-veg')) return <span className="diet nonveg">Non-veg</span>;
  if (item.diet_tags.includes('egg')) return <span className="diet nonveg">Egg</span>;
  if (item.diet_tags.includes('veg') || item.diet_tags.includes('vegan')) return <span className="diet veg">{item.diet_tags.includes('vegan') ? 'Vegan' : 'Veg'}</span>;
  return null;
}

/**
 * One dish. Memoised: a live update (one dish sold out) or a keystroke in the search re-renders
 * only the cards whose dish changed, not the whole menu. `eager` is for the few pictures of the
 * first screen, which the browser should fetch at once rather than after layout.
 */
const ItemCard = memo(function ItemCard({ item, eager, onAdd }: { item: MenuItem; eager: boolean; onAdd: (item: MenuItem) => void }) {
  return (
    <li className={item.available ? 'item' : 'item sold-out'}>
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
        {item.image_url ? <img src={item.image_url} alt="" width={96} height={96} loading={eager ? 'eager' : 'lazy'} decoding="async" /> : <div className="ph" />}
        {item.available && (
          <button type="button" className="btn-add" onClick={() => onAdd(item)} aria-label={`Add ${item.name}`}>
            ADD
          </button>
        )}
      </div>
    </li>
  );
});

export const CategorySection = memo(function CategorySection({ section, first, onAdd }: { section: Section; first: boolean; onAdd: (item: MenuItem) => void }) {
  const { category, items } = section;
  return (
    <section id={`cat-${category.id}`} className="category" aria-labelledby={`h-${category.id}`}>
      <h2 id={`h-${category.id}`}>{category.name}</h2>
      {category.description && <p>{category.description}</p>}
      <ul className="items">
        {items.map((item, index) => (
          <ItemCard key={item.id} item={item} eager={first && index < 4} onAdd={onAdd} />
        ))}
      </ul>
    </section>
  );
});
