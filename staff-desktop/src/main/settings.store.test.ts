import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSettingsStore, DEFAULT_SETTINGS, SettingsError } from './settings.store.ts';
import { storedFile } from './stored-file.ts';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kitchen-settings-'));
  file = path.join(dir, 'nested', 'settings.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const onDisk = async () => JSON.parse(await readFile(file, 'utf8'));

describe('settings store', () => {
  it('when there is no file yet, then it answers the defaults and writes nothing', async () => {
    const store = createSettingsStore(storedFile(file));
    expect(await store.get()).toEqual(DEFAULT_SETTINGS);
    await expect(stat(file)).rejects.toThrow();
  });

  it('when a valid change is saved, then it is on disk (owner-only) and a new start reads it back', async () => {
    const saved = await createSettingsStore(storedFile(file)).save({ bffUrl: 'http://canteen.local:8080/', station: ' Grill ', volume: 0.35, muted: true });
    expect(saved).toEqual({ bffUrl: 'http://canteen.local:8080', station: 'grill', volume: 0.35, muted: true, kiosk: false });
    expect(await onDisk()).toEqual(saved);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(path.dirname(file))).toEqual(['settings.json']);
    expect(await createSettingsStore(storedFile(file)).get()).toEqual(saved);
  });

  it.each([
    [{ bffUrl: 'ftp://canteen.local' }, /bffUrl must start with http/],
    [{ bffUrl: 'http://canteen.local:8080/kitchen' }, /bffUrl must be the server only/],
    [{ bffUrl: 'http://staff:secret@canteen.local' }, /bffUrl must be the server only/],
    [{ bffUrl: 'canteen' }, /bffUrl is not an address/],
    [{ volume: 1.5 }, /volume must be between 0 and 1/],
    [{ volume: '0.5' }, /volume/],
    [{ station: 'grill; rm -rf' }, /station must be a station name/],
    [{ muted: 'yes' }, /muted/],
    [{ theme: 'dark' }, /unknown setting "theme"/],
    [null, /settings/],
  ])('when the change %j is invalid, then it is refused with a clear message and nothing changes', async (patch, message) => {
    const store = createSettingsStore(storedFile(file));
    const before = await store.save({ volume: 0.5 });
    await expect(store.save(patch)).rejects.toThrow(SettingsError);
    await expect(store.save(patch)).rejects.toThrow(message);
    expect(await store.get()).toEqual(before);
    expect(await onDisk()).toEqual(before);
  });

  it('when the station is set to null, then the screen shows all stations again', async () => {
    const store = createSettingsStore(storedFile(file));
    await store.save({ station: 'fryer' });
    expect((await store.save({ station: null })).station).toBeNull();
  });

  it('when two changes are saved at once, then both are kept', async () => {
    const store = createSettingsStore(storedFile(file));
    await Promise.all([store.save({ volume: 0.2 }), store.save({ muted: true }), store.save({ station: 'tandoor' })]);
    expect(await onDisk()).toMatchObject({ volume: 0.2, muted: true, station: 'tandoor' });
  });

  it('when changes arrive at once (kiosk on, then off), then each is reported with the settings it really replaced', async () => {
    const reported: [boolean, boolean][] = [];
    const store = createSettingsStore(storedFile(file), { onSaved: (before, after) => reported.push([before.kiosk, after.kiosk]) });
    await Promise.all([store.save({ kiosk: true }), store.save({ kiosk: false })]);
    expect(reported).toEqual([[false, true], [true, false]]);
  });

  it('when a change is refused, then nothing is reported', async () => {
    const reported: unknown[] = [];
    const store = createSettingsStore(storedFile(file), { onSaved: (...args) => reported.push(args) });
    await expect(store.save({ kiosk: 'yes' })).rejects.toThrow(SettingsError);
    expect(reported).toEqual([]);
  });

  it('when the file is not JSON, then the defaults are used and the problem is reported', async () => {
    await storedFile(file).write('{"bffUrl": "http://x');
    const problems: string[] = [];
    const store = createSettingsStore(storedFile(file), { onUnreadable: (reason) => problems.push(reason) });
    expect(await store.get()).toEqual(DEFAULT_SETTINGS);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/not JSON/);
  });

  it('when one stored value is invalid (hand-edited), then only that one falls back to its default', async () => {
    await writeFile(path.join(dir, 'settings.json'), JSON.stringify({ bffUrl: 'http://10.0.0.5:8080', volume: 7, station: 'grill', muted: true, extra: 1 }));
    const store = createSettingsStore(storedFile(path.join(dir, 'settings.json')));
    expect(await store.get()).toEqual({ bffUrl: 'http://10.0.0.5:8080', volume: DEFAULT_SETTINGS.volume, station: 'grill', muted: true, kiosk: false });
  });

  it('when the caller changes the answered object, then the stored settings do not change', async () => {
    const store = createSettingsStore(storedFile(file));
    const answer = await store.get();
    answer.volume = 0;
    expect((await store.get()).volume).toBe(DEFAULT_SETTINGS.volume);
  });
});
