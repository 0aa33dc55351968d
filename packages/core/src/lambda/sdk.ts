/**
 * The Lambda SDK pieces ./invoke.ts uses, in one module it imports on first use.
 * Named imports here let esbuild keep only these; `import("@aws-sdk/client-lambda")` itself would
 * keep every export of the package (a namespace cannot be tree-shaken).
 */
export { LambdaClient, InvokeCommand } from "@aws-sdk/client-lambda";
