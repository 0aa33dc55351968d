import { defineConfig } from "vite";
import solid from "vite-plugin-solid";

/** `npm run dev -w web` proxies the API to the offline runtime started by `npm start` (port 3000). */
const backend = process.env.CAREBEAT_API ?? "http://localhost:3000";

export default defineConfig({
  plugins: [solid()],
  server: {
    port: 5173,
    proxy: {
      "/api": { target: backend, changeOrigin: false },
      "/health": { target: backend },
      "/openapi.json": { target: backend },
    },
  },
  // The manifest lets `npm run bench` report the JavaScript each route loads (bench/web.ts).
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", sourcemap: false, manifest: true },
});
