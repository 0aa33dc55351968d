import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../middleware/request-context";
import { validationHook } from "../validation";

export const doctorsRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
