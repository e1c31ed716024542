import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The admin panel, served by the BFF at `/admin` from `dist/` (ADMIN_DIST_DIR). No service
 * worker: a manager at a laptop needs the live numbers, not an offline copy.
 */
export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  build: { target: 'es2022', sourcemap: false },
});
