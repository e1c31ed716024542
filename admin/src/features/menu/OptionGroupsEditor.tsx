import type { GroupForm, OptionForm } from './item-form.ts';
import { Field } from '../../ui/Field.tsx';

interface Props {
  groups: GroupForm[];
  onChange: (groups: GroupForm[]) => void;
  /** API messages by path (`option_groups.0.name`…). */
  errors: Record<string, string>;
}

const newOption = (): OptionForm => ({ name: '', price_delta: '0', available: true });
const newGroup = (): GroupForm => ({ name: '', min: '0', max: '1', options: [newOption()], default_option_ids: [] });

/** Choices a student makes for a dish (size, extras): each group with its limits and options. */
export function OptionGroupsEditor({ groups, onChange, errors }: Props) {
  const setGroup = (index: number, patch: Partial<GroupForm>) => onChange(groups.map((group, i) => (i === index ? { ...group, ...patch } : group)));
  const setOption = (groupIndex: number, optionIndex: number, patch: Partial<OptionForm>) =>
    setGroup(groupIndex, { options: groups[groupIndex]!.options.map((option, i) => (i === optionIndex ? { ...option, ...patch } : option)) });
  const at = (path: string) => errors[path];

  return (
    <fieldset className="option-groups">
      <legend>Options (size, extras…)</legend>
      {groups.length === 0 && <p className="muted small">No options: the dish is ordered as it is.</p>}
      {at('option_groups') && <p className="field-error">{at('option_groups')}</p>}
      {groups.map((group, g) => {
        const label = group.name || `group ${g + 1}`;
        return (
          <div key={g} className="option-group">
            <div className="group-head">
              <Field label="Group name" error={at(`option_groups.${g}.name`)}>
                <input value={group.name} onChange={(e) => setGroup(g, { name: e.currentTarget.value })} maxLength={120} />
              </Field>
              <Field label="Choose at least" error={at(`option_groups.${g}.min`)}>
                <input type="number" min={0} max={20} value={group.min} onChange={(e) => setGroup(g, { min: e.currentTarget.value })} />
              </Field>
              <Field label="At most" error={at(`option_groups.${g}.max`)}>
                <input type="number" min={1} max={20} value={group.max} onChange={(e) => setGroup(g, { max: e.currentTarget.value })} />
              </Field>
              <button type="button" className="btn btn-small btn-danger" onClick={() => onChange(groups.filter((_, i) => i !== g))}>
                Remove {label}
              </button>
            </div>
            {at(`option_groups.${g}.default_option_ids`) && <p className="field-error">{at(`option_groups.${g}.default_option_ids`)}</p>}
            <table className="options-table">
              <caption className="visually-hidden">Options of {label}</caption>
              <thead>
                <tr>
                  <th scope="col">Option</th>
                  <th scope="col">Extra price (₹)</th>
                  <th scope="col">Available</th>
                  <th scope="col">
                    <span className="visually-hidden">Remove</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {group.options.map((option, o) => {
                  const nameError = at(`option_groups.${g}.options.${o}.name`);
                  const priceError = at(`option_groups.${g}.options.${o}.price_delta`);
                  const name = option.name || `option ${o + 1}`;
                  return (
                    <tr key={o}>
                      <td>
                        <input aria-label={`Option ${o + 1} of ${label}: name`} aria-invalid={nameError ? true : undefined} value={option.name} onChange={(e) => setOption(g, o, { name: e.currentTarget.value })} maxLength={120} />
                        {option.id && group.default_option_ids.includes(option.id) && <span className="chip">Default</span>}
                        {nameError && <span className="field-error">{nameError}</span>}
                      </td>
                      <td>
                        <input
                          aria-label={`Extra price of ${name} (₹)`}
                          aria-invalid={priceError ? true : undefined}
                          type="number"
                          step="0.01"
                          value={option.price_delta}
                          onChange={(e) => setOption(g, o, { price_delta: e.currentTarget.value })}
                        />
                        {priceError && <span className="field-error">{priceError}</span>}
                      </td>
                      <td>
                        <input type="checkbox" aria-label={`${name} available`} checked={option.available} onChange={(e) => setOption(g, o, { available: e.currentTarget.checked })} />
                      </td>
                      <td>
                        <button
                          type="button"
                          className="btn btn-small"
                          aria-label={`Remove ${name}`}
                          disabled={group.options.length === 1}
                          onClick={() => setGroup(g, { options: group.options.filter((_, i) => i !== o) })}
                        >
                          ✕
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <button type="button" className="btn btn-small" onClick={() => setGroup(g, { options: [...group.options, newOption()] })}>
              Add an option to {label}
            </button>
          </div>
        );
      })}
      <button type="button" className="btn" onClick={() => onChange([...groups, newGroup()])}>
        Add an option group
      </button>
    </fieldset>
  );
}
