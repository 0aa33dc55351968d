import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { Resource } from "sst";
import { useS3 } from "../s3";

/** Presigned download links live this long: enough to click, too short to pass around. */
export const PDF_URL_SECONDS = 300;

const bucket = () => (Resource as unknown as { Invoices: { name: string } }).Invoices.name;

/** The bucket encrypts at rest by default (stacks/billing.ts). Overwriting the same key with the same invoice is harmless, so the store step may repeat. */
export async function putPdf(key: string, pdf: Buffer) {
  await useS3().send(new PutObjectCommand({ Bucket: bucket(), Key: key, Body: pdf, ContentType: "application/pdf" }));
}

export async function presignPdf(key: string, filename: string): Promise<string> {
  return getSignedUrl(useS3(), new GetObjectCommand({ Bucket: bucket(), Key: key, ResponseContentType: "application/pdf", ResponseContentDisposition: `inline; filename="${filename}"` }), {
    expiresIn: PDF_URL_SECONDS,
  });
}
