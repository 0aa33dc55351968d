/**
 * The SES v2 SDK pieces ./ses.ts uses, in one module it imports on first use (named imports let
 * esbuild keep only these; docs/capacity.md).
 */
export { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
