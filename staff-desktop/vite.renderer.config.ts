import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Two entries of one renderer, built one at a time (`--mode kitchen` | `--mode board`):
 * - kitchen → dist/renderer, what the BFF serves at /kitchen and Electron loads from its asar;
 * - board → dist/board, what the BFF serves at /board.
 * `base: './'`: asset URLs relative to the page, so the same files work at /kitchen/ and
 * /board/ on the BFF and from file:// inside the packaged app.
 */
export default defineConfig(({ mode }) => {
  const entry = mode === 'board' ? 'board' : 'kitchen';
  return {
    root: path.join(here, 'src/renderer', entry),
    base: './',
    plugins: [react()],
    build: {
      target: 'es2022',
      outDir: path.join(here, 'dist', entry === 'kitchen' ? 'renderer' : 'board'),
      emptyOutDir: true,
      // Sounds are files, never inlined (the bundled chime must be playable offline and cached).
      assetsInlineLimit: 0,
      sourcemap: false,
    },
  };
});
