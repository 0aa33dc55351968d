import { z } from "zod";
import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";

// Extend before any schema is built: zod 4 instances only get `.openapi()` if the
// prototype was patched when they were created, and route files name core schemas.
extendZodWithOpenApi(z);

export { z };
