import { handle } from "hono/aws-lambda";
import { createApp } from "./api/app";

export const app = createApp();
/** API Gateway HTTP API (payload v2) entry point. */
export const handler = handle(app);
