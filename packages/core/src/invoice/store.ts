import { links } from "../util/links";
import { lazy } from "../util/lazy";

/**
 * client-s3 and the presigner are imported with the first PDF stored or linked, not with the
 * invoice module: the API's invoices domain only needs them for `GET /invoices/{id}/pdf`
 * (docs/capacity.md "Cold start").
 */
const s3 = lazy(async () => {
  const sdk = await import("./s3-sdk");
  return { sdk, client: sdk.useS3() };
});

/** Presigned download links live this long: enough to click, too short to pass around. */
export const PDF_URL_SECONDS = 300;

const bucket = () => links.Invoices.name;

/** The bucket encrypts at rest by default (stacks/billing.ts). Overwriting the same key with the same invoice is harmless, so the store step may repeat. */
export async function putPdf(key: string, pdf: Buffer) {
  const { sdk, client } = await s3();
  await client.send(new sdk.PutObjectCommand({ Bucket: bucket(), Key: key, Body: pdf, ContentType: "application/pdf" }));
}

/**
 * In AWS, S3's own absolute URL. Offline (`CAREBEAT_S3_LINKS=same-origin`, set by the runtime)
 * the link is root-relative — `/_s3/<bucket>/<key>?X-Amz-…` — so it opens on whichever origin
 * the caller reached the site by (the runtime serves `/_s3/` there: packages/local/src/s3.ts),
 * from this machine or any other; a relative Location is valid in a 302 (RFC 9110 §10.2.2).
 */
export async function presignPdf(key: string, filename: string): Promise<string> {
  const { sdk, client } = await s3();
  const url = await sdk.getSignedUrl(
    client,
    new sdk.GetObjectCommand({ Bucket: bucket(), Key: key, ResponseContentType: "application/pdf", ResponseContentDisposition: `inline; filename="${filename}"` }),
    {
      expiresIn: PDF_URL_SECONDS,
    },
  );
  if (process.env.CAREBEAT_S3_LINKS !== "same-origin") return url;
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}
