// The page and the rules page, built for any static server: relative asset
// URLs, the lint worker as an ES module (it imports the package), and the
// WebAssembly module as a file of its own.
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  build: {
    target: 'es2022',
    rollupOptions: { input: { console: 'index.html', rules: 'rules.html' } },
  },
  worker: { format: 'es' },
  // The dev server must not pre-bundle the package: its .wasm is fetched next to its glue.
  optimizeDeps: { exclude: ['sdrs-lint'] },
});
