import { S3Client } from "@aws-sdk/client-s3";

let client: S3Client | undefined;

/** s3rver serves path-style URLs only; AWS gets the default virtual-hosted style. */
export function useS3(): S3Client {
  client ??= new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) });
  return client;
}
