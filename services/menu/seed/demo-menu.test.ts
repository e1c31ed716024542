import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateCategorySchema, CreateMenuItemSchema } from '@canteen/contracts';
import pngjs from 'pngjs';
import { describe, expect, it } from 'vitest';
import { demoCategories, demoItems, PLACEHOLDER_IMAGE } from './demo-menu.ts';

const IMAGES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'images');
const MAX_IMAGE_BYTES = 40 * 1024;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('demo menu', () => {
  it('has enough categories and items', () => {
    expect(demoCategories.length).toBeGreaterThanOrEqual(6);
    expect(demoItems.length).toBeGreaterThanOrEqual(30);
  });

  it('every category parses with CreateCategorySchema', () => {
    for (const category of demoCategories) {
      const parsed = CreateCategorySchema.safeParse(category);
      expect(parsed.success, `${category.name}: ${parsed.error?.message}`).toBe(true);
    }
  });

  it('every item parses with CreateMenuItemSchema', () => {
    for (const { item } of demoItems) {
      const parsed = CreateMenuItemSchema.safeParse(item);
      expect(parsed.success, `${item.name}: ${parsed.error?.message}`).toBe(true);
    }
  });

  it('every required option group has defaults, so a line without options can be ordered', () => {
    let required = 0;
    for (const { item } of demoItems) {
      for (const group of CreateMenuItemSchema.parse(item).option_groups) {
        if (group.min === 0) continue;
        required++;
        const ids = new Set(group.options.map((option) => option.id));
        expect(group.default_option_ids.length, `${item.name} / ${group.name}`).toBeGreaterThanOrEqual(group.min);
        expect(group.default_option_ids.length, `${item.name} / ${group.name}`).toBeLessThanOrEqual(group.max);
        for (const id of group.default_option_ids) expect(ids, `${item.name} / ${group.name}`).toContain(id);
      }
    }
    expect(required).toBeGreaterThan(0);
  });

  it('every item names an existing category', () => {
    const names = new Set(demoCategories.map((c) => c.name));
    for (const { item } of demoItems) expect(names, item.name).toContain(item.category);
  });

  it('category names, item names and image files are unique', () => {
    const unique = (values: string[]) => new Set(values.map((v) => v.toLowerCase())).size === values.length;
    expect(unique(demoCategories.map((c) => c.name))).toBe(true);
    expect(unique(demoItems.map(({ item }) => item.name))).toBe(true);
    expect(unique(demoItems.map(({ image }) => image))).toBe(true);
  });

  it('every referenced image exists and is a valid 256×256 PNG of at most 40 KB', () => {
    for (const file of [...demoItems.map(({ image }) => image), PLACEHOLDER_IMAGE]) {
      const full = path.join(IMAGES_DIR, file);
      expect(statSync(full, { throwIfNoEntry: false })?.isFile(), `${file} exists`).toBe(true);
      const bytes = readFileSync(full);
      expect(bytes.length, `${file} size`).toBeLessThanOrEqual(MAX_IMAGE_BYTES);
      expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE), `${file} signature`).toBe(true);
      const png = pngjs.PNG.sync.read(bytes);
      expect([png.width, png.height], file).toEqual([256, 256]);
    }
  });
});
