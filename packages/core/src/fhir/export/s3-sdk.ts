/** The S3 commands the export files use, in one module ./files.ts imports on first use (named, so esbuild keeps only these). */
export { PutObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, DeleteObjectCommand } from "@aws-sdk/client-s3";
export { useS3 } from "../../s3";
