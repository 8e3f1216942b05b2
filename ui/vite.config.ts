/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';

/** The policy tauri.conf.json sets; the preview serves it too, so a browser catches violations. */
const CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:";

// The Tauri shell loads the dev server from this exact address (tauri.conf.json devUrl),
// so the port must never drift: strictPort fails loudly instead.
export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  clearScreen: false,
  server: {
    host: '127.0.0.1',
    port: 1420,
    strictPort: true,
  },
  preview: {
    host: '127.0.0.1',
    port: 4173,
    strictPort: true,
    headers: { 'Content-Security-Policy': CSP },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Tauri's webviews (WebKitGTK, WKWebView, WebView2) all run ES2021.
    target: 'es2021',
    sourcemap: false,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/tests/setup.ts'],
    // Two cores: one worker keeps the run predictable next to a Rust build.
    pool: 'threads',
    maxWorkers: 1,
  },
});
