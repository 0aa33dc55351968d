import { defineConfig } from "drizzle-kit";

/** `npm run db:generate` writes SQL migrations; they are applied by the runtime, tests and the migrate Lambda. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./packages/core/src/**/*.sql.ts",
  out: "./migrations",
  casing: "snake_case",
});
