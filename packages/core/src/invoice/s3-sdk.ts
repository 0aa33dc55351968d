/**
 * The S3 SDK pieces the invoice store uses, in one module that ./store.ts imports on first use.
 * Named imports here let esbuild keep only these; `import("@aws-sdk/client-s3")` itself would keep
 * every export of the package (a namespace cannot be tree-shaken).
 */
export { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
export { getSignedUrl } from "@aws-sdk/s3-request-presigner";
export { useS3 } from "../s3";
