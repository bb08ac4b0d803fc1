import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const lib = (name: string) => fileURLToPath(new URL(`../../libs/${name}/src/index.ts`, import.meta.url));

/** The Workspace SPA; the gateway serves `dist/` at `/`, same origin as the REST API. */
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  resolve: {
    alias: { '@autowebiq/sdk': lib('sdk'), '@autowebiq/contracts': lib('contracts') },
  },
  // The SDK names its error classes by their class name; minification must keep them.
  esbuild: { keepNames: true },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: true },
  server: {
    // `npx vite apps/web` against a running platform: the API is proxied so it stays same-origin.
    proxy: { '/v1': process.env.AUTOWEBIQ_API_URL ?? 'http://127.0.0.1:3000' },
  },
});
