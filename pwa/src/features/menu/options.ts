import type { MenuItem, OptionGroup } from '@canteen/contracts';

/** Chosen option ids per group id. */
export type Selection = Record<string, string[]>;

/**
 * A group starts on the kitchen's defaults (those still available); without defaults, a group
 * with one required choice starts on its first available option, so most dishes are one tap.
 */
export function initialSelection(groups: OptionGroup[]): Selection {
  const selection: Selection = {};
  for (const group of groups) {
    const available = new Set(group.options.filter((option) => option.available).map((option) => option.id));
    const defaults = (group.default_option_ids ?? []).filter((id) => available.has(id));
    const first = group.options.find((option) => option.available);
    selection[group.id] =
      defaults.length >= group.min && defaults.length > 0 ? defaults : group.min === 1 && group.max === 1 && first ? [first.id] : [];
  }
  return selection;
}

/** Picks or drops an option: one-of groups swap, others add until `max` (then ignore). */
export function toggleOption(selection: Selection, group: OptionGroup, optionId: string): Selection {
  const current = selection[group.id] ?? [];
  if (group.max === 1) return { ...selection, [group.id]: current[0] === optionId && group.min === 0 ? [] : [optionId] };
  if (current.includes(optionId)) return { ...selection, [group.id]: current.filter((id) => id !== optionId) };
  if (current.length >= group.max) return selection;
  return { ...selection, [group.id]: [...current, optionId] };
}

/** The groups whose `min` is not met yet, to say what is missing. */
export function missingGroups(groups: OptionGroup[], selection: Selection): OptionGroup[] {
  return groups.filter((group) => (selection[group.id] ?? []).length < group.min);
}

export function unitPrice(item: MenuItem, selection: Selection): number {
  let price = item.price;
  for (const group of item.option_groups) {
    for (const id of selection[group.id] ?? []) price += group.options.find((option) => option.id === id)?.price_delta ?? 0;
  }
  return Math.round(price * 100) / 100;
}

export function ruleText(group: OptionGroup): string {
  if (group.min === group.max) return group.min === 1 ? 'Choose 1' : `Choose ${group.min}`;
  if (group.min === 0) return group.max === 1 ? 'Optional' : `Up to ${group.max}`;
  return `Choose ${group.min}–${group.max}`;
}
