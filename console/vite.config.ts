import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The console: built into dist/console (served by the gateway at /console); `vite` alone proxies /api to a local gateway. */
export default defineConfig({
  root,
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    // The charts are only on the License Dashboard: their chunk loads with that page.
    chunkSizeWarningLimit: 700,
  },
  server: { proxy: { '/api': process.env.SMARTLIC_GATEWAY_URL ?? 'http://127.0.0.1:3000' } },
  test: {
    root,
    environment: 'jsdom',
    setupFiles: ['src/test/setup.ts'],
    include: ['src/**/*.test.tsx', 'src/**/*.test.ts'],
    css: false,
    // jsdom renders Mantine slowly on a loaded machine; the assertions, not the clock, decide.
    testTimeout: 30_000,
  },
});
