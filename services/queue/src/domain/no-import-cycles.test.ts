import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** The queue's domain modules import each other one way only (kitchen-model ↔ kitchen-plan was a cycle). */
describe('queue domain imports', () => {
  it('when the domain modules are read, then no import cycle joins them', () => {
    const dir = import.meta.dirname;
    const modules = readdirSync(dir).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
    const importsOf = new Map(modules.map((file) => {
      const source = readFileSync(path.join(dir, file), 'utf8');
      const targets = [...source.matchAll(/\bfrom\s+'\.\/([^']+\.ts)'/g)].map((match) => match[1]!);
      return [file, targets] as const;
    }));
    const cycles: string[] = [];
    const visit = (file: string, trail: string[]) => {
      if (trail.includes(file)) return void cycles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
      for (const next of importsOf.get(file) ?? []) visit(next, [...trail, file]);
    };
    for (const file of modules) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
