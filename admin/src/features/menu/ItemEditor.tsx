import { useEffect, useRef, useState } from 'react';
import type { Category, MenuItem } from '@canteen/contracts';
import { ApiError } from '@canteen/client';
import { api } from '../../app/services.ts';
import { fieldErrors, messageOf } from '../../ui/errors.ts';
import { Field } from '../../ui/Field.tsx';
import { Notice } from '../../ui/states.tsx';
import { bodyOf, formOf, toggled, type ItemForm } from './item-form.ts';
import { OptionGroupsEditor } from './OptionGroupsEditor.tsx';
import { PictureField } from './PictureField.tsx';
import { ALLERGENS, DIET_TAGS, STATIONS } from './tags.ts';

interface ItemEditorProps {
  /** null: a new dish. */
  item: MenuItem | null;
  categories: Category[];
  categoryId: string | null;
  onSaved: (item: MenuItem) => void;
  onClose: () => void;
}

const label = (tag: string) => tag.charAt(0).toUpperCase() + tag.slice(1).replace('-', ' ');

/** The dish editor (a modal): every field the menu has, the API's messages next to their fields. */
export function ItemEditor({ item, categories, categoryId, onSaved, onClose }: ItemEditorProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [saved, setSaved] = useState<MenuItem | null>(item);
  const [form, setForm] = useState<ItemForm>(() => formOf(item, categories, categoryId));
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const set = (patch: Partial<ItemForm>) => setForm((current) => ({ ...current, ...patch }));

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setProblem(null);
    let current = saved;
    try {
      const body = bodyOf(form);
      current = current ? await api.updateItem(current.id, body) : await api.createItem(body);
      // From here the dish exists: a retry (after a refused picture) edits it, never creates a second one.
      setSaved(current);
    } catch (err) {
      const byField = fieldErrors(err);
      if (err instanceof ApiError && err.code === 'OUT_OF_STOCK') byField.stock = err.message;
      if (byField.category) byField.category_id ??= byField.category;
      setErrors(byField);
      setProblem(Object.keys(byField).length ? 'Some fields need a look — see the messages next to them.' : messageOf(err, 'Saving the dish'));
      setBusy(false);
      return;
    }
    if (file) {
      try {
        current = await api.uploadImage(current.id, file, file.name);
      } catch (err) {
        setErrors({ image: messageOf(err, 'The picture upload') });
        setProblem('The dish was saved, but its picture was not. Choose another picture or save again to retry.');
        onSaved(current);
        setBusy(false);
        return;
      }
    }
    setBusy(false);
    onSaved(current);
    onClose();
  };

  const title = item ? `Edit ${item.name}` : 'New dish';
  return (
    <dialog ref={ref} className="editor" aria-labelledby="editor-title" onCancel={(event) => (event.preventDefault(), onClose())}>
      <form onSubmit={(e) => void save(e)} noValidate>
        <header className="editor-head">
          <h2 id="editor-title">{title}</h2>
          <button type="button" className="btn" onClick={onClose}>
            Close
          </button>
        </header>
        {problem && <Notice tone="error">{problem}</Notice>}
        <div className="editor-grid">
          <div>
            <Field label="Name" error={errors.name}>
              <input value={form.name} onChange={(e) => set({ name: e.currentTarget.value })} maxLength={120} required />
            </Field>
            <Field label="Description" error={errors.description}>
              <textarea value={form.description} onChange={(e) => set({ description: e.currentTarget.value })} maxLength={1000} />
            </Field>
            <Field label="Category" error={errors.category_id}>
              <select value={form.category_id} onChange={(e) => set({ category_id: e.currentTarget.value })}>
                {categories.map((category) => (
                  <option key={category.id} value={category.id}>
                    {category.name}
                    {category.active ? '' : ' (hidden)'}
                  </option>
                ))}
              </select>
            </Field>
            <div className="three">
              <Field label="Price (₹)" error={errors.price}>
                <input type="number" step="0.01" min={0} value={form.price} onChange={(e) => set({ price: e.currentTarget.value })} required />
              </Field>
              <Field label="Prep time (min)" error={errors.preparation_time}>
                <input type="number" min={1} max={240} value={form.preparation_time} onChange={(e) => set({ preparation_time: e.currentTarget.value })} />
              </Field>
              <Field label="Station" error={errors.station}>
                <select value={form.station} onChange={(e) => set({ station: e.currentTarget.value as ItemForm['station'] })}>
                  {STATIONS.map((station) => (
                    <option key={station} value={station}>
                      {label(station)}
                    </option>
                  ))}
                </select>
              </Field>
            </div>
          </div>
          <div>
            <PictureField current={saved?.image_url ?? ''} file={file} onFile={setFile} error={errors.image ?? errors.image_url} />
            <fieldset>
              <legend>Availability</legend>
              <label className="check-line">
                <input type="checkbox" checked={form.available} onChange={(e) => set({ available: e.currentTarget.checked })} />
                Available to order
              </label>
              <label className="check-line">
                <input type="checkbox" checked={form.countStock} onChange={(e) => set({ countStock: e.currentTarget.checked })} />
                Count portions (sold out at 0)
              </label>
              {form.countStock && (
                <Field label="Portions left" error={errors.stock}>
                  <input type="number" min={0} max={100000} value={form.stock} onChange={(e) => set({ stock: e.currentTarget.value })} />
                </Field>
              )}
              {!form.countStock && errors.stock && <p className="field-error">{errors.stock}</p>}
            </fieldset>
          </div>
        </div>
        <TagChecks legend="Diet" all={DIET_TAGS} chosen={form.diet_tags} onChange={(diet_tags) => set({ diet_tags })} error={errors.diet_tags} />
        <TagChecks legend="Allergens" all={ALLERGENS} chosen={form.allergens} onChange={(allergens) => set({ allergens })} error={errors.allergens} />
        <OptionGroupsEditor groups={form.option_groups} onChange={(option_groups) => set({ option_groups })} errors={errors} />
        <footer className="btn-row editor-foot">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Saving…' : item ? 'Save changes' : 'Create dish'}
          </button>
        </footer>
      </form>
    </dialog>
  );
}

function TagChecks<T extends string>({ legend, all, chosen, onChange, error }: { legend: string; all: readonly T[]; chosen: T[]; onChange: (next: T[]) => void; error?: string | undefined }) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      <div className="checks">
        {all.map((tag) => (
          <label key={tag}>
            <input type="checkbox" checked={chosen.includes(tag)} onChange={(e) => onChange(toggled(chosen, tag, e.currentTarget.checked))} />
            {label(tag)}
          </label>
        ))}
      </div>
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}
