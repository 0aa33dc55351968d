import { links } from "../../util/links";
import { lazy } from "../../util/lazy";

/**
 * The export files in the `Exports` bucket (stacks/fhir-export.ts; offline, the runtime's S3):
 * `bulk/<job id>/<Type>-<n>.ndjson`. The bucket expires objects after a day, so files of a
 * cancelled job whose last page landed after the DELETE, or of an attempt a resume superseded, go
 * away on their own. The client SDK is imported on first use, out of the API's init.
 */
const s3 = lazy(async () => {
  const sdk = await import("./s3-sdk");
  return { sdk, client: sdk.useS3() };
});

const bucket = () => (links as unknown as { Exports: { name: string } }).Exports.name;

export const NDJSON = "application/fhir+ndjson";

export const fileKey = (jobId: string, name: string) => `bulk/${jobId}/${name}`;

export async function putFile(key: string, body: string) {
  const { sdk, client } = await s3();
  await client.send(new sdk.PutObjectCommand({ Bucket: bucket(), Key: key, Body: body, ContentType: NDJSON }));
}

export async function fileExists(key: string): Promise<boolean> {
  const { sdk, client } = await s3();
  try {
    await client.send(new sdk.HeadObjectCommand({ Bucket: bucket(), Key: key }));
    return true;
  } catch (err) {
    if ((err as { name?: string }).name === "NotFound" || (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw err;
  }
}

/** The file's bytes as a web stream (the download route passes it on without buffering). */
export async function readFile(key: string): Promise<ReadableStream | undefined> {
  const { sdk, client } = await s3();
  try {
    const out = await client.send(new sdk.GetObjectCommand({ Bucket: bucket(), Key: key }));
    return out.Body?.transformToWebStream();
  } catch (err) {
    if ((err as { name?: string }).name === "NoSuchKey") return undefined;
    throw err;
  }
}

/** Every file of a job (a cancel): listed page by page, deleted one by one. */
export async function deleteJobFiles(jobId: string) {
  const { sdk, client } = await s3();
  let token: string | undefined;
  do {
    const page = await client.send(new sdk.ListObjectsV2Command({ Bucket: bucket(), Prefix: `bulk/${jobId}/`, ContinuationToken: token }));
    for (const o of page.Contents ?? []) if (o.Key) await client.send(new sdk.DeleteObjectCommand({ Bucket: bucket(), Key: o.Key }));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}
