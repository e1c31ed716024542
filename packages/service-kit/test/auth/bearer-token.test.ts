import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bearerToken } from '../../src/auth/middleware.ts';

const ROOT = path.resolve(import.meta.dirname, '../../../..');

/** The TypeScript sources of the deployables (tests and dependencies left out). */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'test' ? [] : sources(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('bearerToken, the one parser of the Authorization header', () => {
  it.each([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer abc', 'abc'],
    ['BEARER   abc', 'abc'],
  ])('when the header is %j, then the token is %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });

  it.each([undefined, '', 'Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'Bearer two tokens', 'Token abc', 'Bearerabc'])(
    'when the header is %j, then there is no token',
    (header) => {
      expect(bearerToken(header)).toBeUndefined();
    },
  );

  it('when the services, the BFF and the packages are read, then none parses the header itself', () => {
    const parsing = /\/\^?\\?s*Bearer|startsWith\(\s*['"`]Bearer|replace\(\s*\/\^?Bearer|split\(\s*['"`] ['"`]\s*\)\[1\]/i;
    const dirs = [
      path.join(ROOT, 'bff', 'src'),
      ...['services', 'packages'].flatMap((top) =>
        readdirSync(path.join(ROOT, top), { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => path.join(ROOT, top, entry.name, 'src')),
      ),
    ];
    const offenders = dirs
      .flatMap((dir) => {
        try {
          return sources(dir);
        } catch {
          return []; // a package without src/
        }
      })
      .filter((file) => !file.endsWith(path.join('auth', 'middleware.ts')) && parsing.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(ROOT, file));
    // The scan reads something: the kit's own parser is found when not left out.
    expect(parsing.test(readFileSync(path.join(ROOT, 'packages/service-kit/src/auth/middleware.ts'), 'utf8'))).toBe(true);
    expect(offenders).toEqual([]);
  });
});
