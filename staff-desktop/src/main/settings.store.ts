import { z } from 'zod';
import type { KitchenSettings } from '../shared/bridge.ts';
import type { StoredFile } from './stored-file.ts';

/** What a new screen starts with: the BFF on this machine (all-in-one), all stations, sound on. */
export const DEFAULT_SETTINGS: Readonly<KitchenSettings> = Object.freeze({
  bffUrl: 'http://localhost:8080',
  station: null,
  volume: 0.8,
  muted: false,
  kiosk: false,
});

/**
 * The BFF's address is kept as an origin (scheme, host, port): the window's Content Security
 * Policy and the BFF's CORS allow-list both work on origins, and a path would be dropped by them.
 */
const bffUrl = z
  .string()
  .trim()
  .max(2048)
  .transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not an address (example: http://canteen.local:8080)' });
      return z.NEVER;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: 'must start with http:// or https://' });
      return z.NEVER;
    }
    if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
      ctx.addIssue({ code: 'custom', message: 'must be the server only, without a path, query or sign-in (example: http://canteen.local:8080)' });
      return z.NEVER;
    }
    return url.origin;
  });

/** Station names as the queue service knows them (`KITCHEN_STATIONS`: grill, fryer, …). */
const station = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be a station name such as "grill" (letters, digits, - and _)')
  .nullable();

const volume = z.number().finite().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');

const settingsShape = { bffUrl, station, volume, muted: z.boolean(), kiosk: z.boolean() };

/** A change from the renderer: only known keys, each valid, or nothing is saved. */
export const settingsPatchSchema = z.object(settingsShape).partial().strict();

/**
 * The file on disk may be old, hand-edited or half-written: each field that does not parse falls
 * back to its default on its own, so one bad value does not throw away the others.
 */
const storedSettingsSchema = z.object({
  bffUrl: bffUrl.catch(DEFAULT_SETTINGS.bffUrl),
  station: station.catch(DEFAULT_SETTINGS.station),
  volume: volume.catch(DEFAULT_SETTINGS.volume),
  muted: z.boolean().catch(DEFAULT_SETTINGS.muted),
  kiosk: z.boolean().catch(DEFAULT_SETTINGS.kiosk),
});

/** Refused input: nothing was written. The message names each field and what is wrong. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

export interface SettingsStore {
  get(): Promise<KitchenSettings>;
  /** Merges a validated patch over the stored settings, writes them and answers the result. */
  save(patch: unknown): Promise<KitchenSettings>;
}

export interface SettingsStoreOptions {
  /** Told once when the file on disk could not be read as JSON and defaults were used. */
  onUnreadable?: (reason: string) => void;
  /**
   * After each save, inside the store's queue, so the settings before are really those the save
   * replaced, even when the page sends two changes at once (kiosk on, then off).
   */
  onSaved?: (before: KitchenSettings, after: KitchenSettings) => void;
}

export function createSettingsStore(file: StoredFile, options: SettingsStoreOptions = {}): SettingsStore {
  let current: Promise<KitchenSettings> | undefined;
  // Saves run one after another, so two quick changes (volume, then mute) both land.
  let queue: Promise<unknown> = Promise.resolve();

  const load = async (): Promise<KitchenSettings> => {
    const raw = await file.read();
    if (raw === null) return { ...DEFAULT_SETTINGS };
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch (err) {
      options.onUnreadable?.(`not JSON (${(err as Error).message})`);
      return { ...DEFAULT_SETTINGS };
    }
    const parsed = storedSettingsSchema.safeParse(json);
    if (!parsed.success) {
      options.onUnreadable?.('not a settings object');
      return { ...DEFAULT_SETTINGS };
    }
    return parsed.data;
  };

  const get = () => (current ??= load());

  return {
    get: async () => ({ ...(await get()) }),
    save(patch) {
      const run = queue.then(async () => {
        const parsed = settingsPatchSchema.safeParse(patch);
        if (!parsed.success) throw new SettingsError(describeIssues(parsed.error));
        const before = await get();
        const next: KitchenSettings = { ...before, ...parsed.data };
        await file.write(`${JSON.stringify(next, null, 2)}\n`);
        current = Promise.resolve(next);
        options.onSaved?.({ ...before }, { ...next });
        return { ...next };
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') return `unknown setting ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
      const field = issue.path.join('.') || 'settings';
      return `${field} ${issue.message}`;
    })
    .join('; ');
}
