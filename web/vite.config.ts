import { defineConfig } from "vite";
import solid from "vite-plugin-solid";
import { API_PREFIXES } from "../packages/functions/src/api/paths";

/** `npm run dev -w web` proxies the API to the offline runtime started by `npm start` (port 3000). */
const backend = process.env.CAREBEAT_API ?? "http://localhost:3000";

export default defineConfig({
  plugins: [solid()],
  server: {
    port: 5173,
    // The API's paths from the one list (packages/functions/src/api/paths.ts), /docs included.
    proxy: Object.fromEntries(API_PREFIXES.map((p) => [p, { target: backend, changeOrigin: false }])),
  },
  // The manifest lets `npm run bench` report the JavaScript each route loads (bench/web.ts).
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", sourcemap: false, manifest: true },
});
