import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  // Relative asset paths: the same build works behind any path prefix a proxy may add.
  base: "./",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2020",
    // Telegram webviews are evergreen; no legacy polyfills. Charts come in a lazy chunk.
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: { "/api": process.env.API_ORIGIN ?? "http://localhost:3000" },
  },
});
