/**
 * The console's build: served by the gateway under /console, every file from this origin
 * (the CSP allows nothing else), nothing inlined as data: URLs (fonts must come from
 * font-src 'self'). The Chinese font is @fontsource/noto-sans-sc, one weight (400), split by
 * unicode-range into ~100 WOFF2 slices: a page downloads only the slices its characters need.
 */
import { defineConfig, type Plugin } from 'vite';

/** Keep only the WOFF2 source of @fontsource's @font-face rules (every browser we support reads it). */
function woff2Only(): Plugin {
  return {
    name: 'seatlease-woff2-only',
    enforce: 'pre',
    transform(code, id) {
      if (!id.includes('@fontsource') || !id.endsWith('.css')) return null;
      return code.replace(/,\s*url\([^)]*\.woff\)\s*format\('woff'\)/g, '');
    },
  };
}

export default defineConfig({
  base: '/console/',
  plugins: [woff2Only()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
    rollupOptions: {
      // TanStack Query marks its files "use client" (for React Server Components): meaningless in a browser-only bundle.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
});
