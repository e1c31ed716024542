import { useEffect, useRef, useState } from 'react';
import type { MenuItem } from '@canteen/contracts';
import { formatMoney, getDb } from '../../app/services.ts';
import { addToCart } from '../cart/cart.ts';
import { initialSelection, missingGroups, ruleText, toggleOption, unitPrice } from './options.ts';
import { allergenLabel } from './allergens.ts';

/** The dish with its option groups: min/max enforced, the price follows the choices. */
export function ItemSheet({ item, onClose }: { item: MenuItem; onClose: () => void }) {
  const [selection, setSelection] = useState(() => initialSelection(item.option_groups));
  const [quantity, setQuantity] = useState(1);
  const [tried, setTried] = useState(false);
  const dialog = useRef<HTMLDivElement>(null);
  const missing = missingGroups(item.option_groups, selection);
  const total = unitPrice(item, selection) * quantity;

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    dialog.current?.focus();
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    document.body.style.overflow = 'hidden';
    return () => {
      document.removeEventListener('keydown', onKey);
      document.body.style.overflow = '';
      opener?.focus();
    };
  }, [onClose]);

  const add = async () => {
    setTried(true);
    if (missing.length) return;
    await addToCart(await getDb(), item, selection, quantity);
    onClose();
  };

  return (
    <div className="sheet-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div className="sheet" role="dialog" aria-modal="true" aria-labelledby="sheet-title" ref={dialog} tabIndex={-1}>
        <div className="sheet-inner">
          {item.image_url && <img className="sheet-pic" src={item.image_url} alt="" />}
          <button type="button" className="sheet-close" onClick={onClose} aria-label="Close">
            ×
          </button>
        </div>
        <div className="sheet-head">
          <h2 id="sheet-title">{item.name}</h2>
          <p className="muted small">{item.description}</p>
          {item.allergens.length > 0 && <p className="small">Contains {item.allergens.map(allergenLabel).join(', ').toLowerCase()}</p>}
          <p>
            <strong>{formatMoney(item.price)}</strong> <span className="muted small">· ready in about {item.preparation_time} min</span>
          </p>
        </div>
        {item.option_groups.map((group) => {
          const chosen = selection[group.id] ?? [];
          const full = group.max > 1 && chosen.length >= group.max;
          const short = chosen.length < group.min;
          return (
            <fieldset key={group.id} className="group">
              <legend>
                <span>{group.name}</span>
                <span className={short && tried ? 'rule need' : 'rule'}>{ruleText(group)}</span>
              </legend>
              {group.options.map((option) => {
                const checked = chosen.includes(option.id);
                const disabled = !option.available || (full && !checked);
                return (
                  <label key={option.id} className={disabled ? 'option disabled' : 'option'}>
                    <input
                      type={group.max === 1 ? 'radio' : 'checkbox'}
                      name={`${item.id}-${group.id}`}
                      checked={checked}
                      disabled={disabled}
                      onChange={() => setSelection((s) => toggleOption(s, group, option.id))}
                    />
                    <span className="name">
                      {option.name}
                      {!option.available && ' (sold out)'}
                    </span>
                    {option.price_delta !== 0 && <span className="muted small">+{formatMoney(option.price_delta)}</span>}
                  </label>
                );
              })}
            </fieldset>
          );
        })}
        {tried && missing.length > 0 && (
          <p className="need-note" role="alert">
            Choose {missing.map((g) => g.name.toLowerCase()).join(' and ')} first.
          </p>
        )}
        <div className="sheet-foot">
          <div className="stepper" role="group" aria-label="Quantity">
            <button type="button" onClick={() => setQuantity((q) => Math.max(1, q - 1))} aria-label="One less" disabled={quantity <= 1}>
              −
            </button>
            <output aria-live="polite" aria-label="Quantity">{quantity}</output>
            <button type="button" onClick={() => setQuantity((q) => Math.min(50, q + 1))} aria-label="One more">
              +
            </button>
          </div>
          <button type="button" className="btn btn-primary" onClick={() => void add()} aria-disabled={missing.length > 0}>
            Add to cart · {formatMoney(total)}
          </button>
        </div>
      </div>
    </div>
  );
}
