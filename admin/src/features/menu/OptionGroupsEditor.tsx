import type { GroupForm, OptionForm } from './item-form.ts';
import { Field } from '../../ui/Field.tsx';

interface Props {
  groups: GroupForm[];
  onChange: (groups: GroupForm[]) => void;
  /** API messages by path (`option_groups.0.name`…). */
  errors: Record<string, string>;
}

const newOption = (): OptionForm => ({ name: '', price_delta: '0', available: true, isDefault: false });
const newGroup = (): GroupForm => ({ name: '', min: '0', max: '1', options: [newOption()] });

/** At most this many options of the group may be chosen (1 when the field is not a number yet). */
const maxOf = (group: GroupForm) => {
  const max = Number(group.max);
  return Number.isInteger(max) && max >= 1 ? max : 1;
};

/** A new max, and no more defaults than it allows (the first ones stay); a field being typed in changes none. */
function withMax(group: GroupForm, max: string): Partial<GroupForm> {
  if (!/^\s*[1-9]\d*\s*$/.test(max)) return { max };
  let room = Number(max);
  return { max, options: group.options.map((option) => (option.isDefault && room-- <= 0 ? { ...option, isDefault: false } : option)) };
}

/** Choices a student makes for a dish (size, extras): each group with its limits and options. */
export function OptionGroupsEditor({ groups, onChange, errors }: Props) {
  const setGroup = (index: number, patch: Partial<GroupForm>) => onChange(groups.map((group, i) => (i === index ? { ...group, ...patch } : group)));
  const setOption = (groupIndex: number, optionIndex: number, patch: Partial<OptionForm>) =>
    setGroup(groupIndex, { options: groups[groupIndex]!.options.map((option, i) => (i === optionIndex ? { ...option, ...patch } : option)) });
  const at = (path: string) => errors[path];
  /** Single choice: the option becomes the only default (or none). Several: it is added or taken off. */
  const setDefault = (g: number, o: number | null, on: boolean) => {
    const group = groups[g]!;
    const single = maxOf(group) === 1;
    setGroup(g, { options: group.options.map((option, i) => ({ ...option, isDefault: i === o ? on : single ? false : option.isDefault })) });
  };

  return (
    <fieldset className="option-groups">
      <legend>Options (size, extras…)</legend>
      {groups.length === 0 && <p className="muted small">No options: the dish is ordered as it is.</p>}
      {at('option_groups') && <p className="field-error">{at('option_groups')}</p>}
      {groups.map((group, g) => {
        const label = group.name || `group ${g + 1}`;
        const single = maxOf(group) === 1;
        const defaults = group.options.filter((option) => option.isDefault).length;
        const defaultsError = at(`option_groups.${g}.default_option_ids`);
        const defaultsErrorId = `defaults-error-${g}`;
        const radioName = `default-of-group-${g}`;
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
                <input type="number" min={1} max={20} value={group.max} onChange={(e) => setGroup(g, withMax(group, e.currentTarget.value))} />
              </Field>
              <button type="button" className="btn btn-small btn-danger" onClick={() => onChange(groups.filter((_, i) => i !== g))}>
                Remove {label}
              </button>
            </div>
            <div className="defaults-note small">
              {single ? (
                <label className="inline-choice">
                  <input type="radio" name={radioName} checked={defaults === 0} onChange={() => setDefault(g, null, false)} aria-describedby={defaultsError ? defaultsErrorId : undefined} />
                  No default for {label}
                </label>
              ) : (
                <span>Defaults: up to {maxOf(group)}</span>
              )}
              <span className="muted">— {Number(group.min) > 0 ? 'without a default, the student must choose' : 'a default is what a student who picks nothing gets'}.</span>
            </div>
            {defaultsError && (
              <p id={defaultsErrorId} className="field-error">
                {defaultsError}
              </p>
            )}
            <table className="options-table">
              <caption className="visually-hidden">Options of {label}</caption>
              <thead>
                <tr>
                  <th scope="col">Option</th>
                  <th scope="col">Extra price (₹)</th>
                  <th scope="col">Available</th>
                  <th scope="col">Default</th>
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
                        <input
                          type={single ? 'radio' : 'checkbox'}
                          {...(single ? { name: radioName } : {})}
                          aria-label={`${name} is the default of ${label}`}
                          aria-invalid={defaultsError ? true : undefined}
                          aria-describedby={defaultsError ? defaultsErrorId : undefined}
                          checked={option.isDefault}
                          // No more defaults than the group lets a student choose.
                          disabled={!single && !option.isDefault && defaults >= maxOf(group)}
                          onChange={(e) => setDefault(g, o, e.currentTarget.checked)}
                        />
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
