// vite.config.ts — builds the Samsyn web UI into dist/, which `samsyn serve` serves
// with a strict Content-Security-Policy (no inline scripts or styles).
import { defineConfig } from "vite";
import vue from "@vitejs/plugin-vue";

export default defineConfig({
    plugins: [vue()],
    build: {
        outDir: "dist",
        emptyOutDir: true,
        // Never inline assets as data: URLs into JS/CSS; plain files are simplest under CSP.
        assetsInlineLimit: 0,
        // The modulepreload polyfill is bundled (not inline), but modern browsers need none.
        modulePreload: { polyfill: false },
        chunkSizeWarningLimit: 1500,
    },
    server: {
        // `npm run dev` talks to a locally running `samsyn serve`.
        proxy: { "/api": "http://127.0.0.1:8080" },
    },
});
