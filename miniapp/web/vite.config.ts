import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  // Relative asset paths: the same build works behind any path prefix a proxy may add.
  base: "./",
  plugins: [react()],
  resolve: {
    // telegram-ui's iOS spinner (21 KB of SVG in every Button) → its plain one: src/vendor/ios-spinner.ts.
    alias: [{ find: /^\.\/components\/IOSSpinner\/IOSSpinner$/, replacement: fileURLToPath(new URL("./src/vendor/ios-spinner.ts", import.meta.url)) }],
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2020",
    // Telegram webviews are evergreen; no legacy polyfills.
    chunkSizeWarningLimit: 600,
    // bench/bundle.ts reads it: the first route is the entry and its static imports.
    manifest: true,
  },
  server: {
    proxy: { "/api": process.env.API_ORIGIN ?? "http://localhost:3000" },
  },
});
