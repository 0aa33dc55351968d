import { parentPort } from "node:worker_threads";
import { renderInvoicePdf, type InvoiceDocument } from "@carebeat/core/invoice/pdf";

/** Worker-thread entry of the render pool (render-pool.ts): a document in, its PDF bytes out (transferred). */
parentPort!.on("message", async (doc: InvoiceDocument) => {
  try {
    const pdf = await renderInvoicePdf(doc);
    // A Buffer may be a view into a shared pool slab: copy into its own ArrayBuffer to transfer it.
    const bytes = new Uint8Array(pdf);
    parentPort!.postMessage({ ok: true, pdf: bytes }, [bytes.buffer]);
  } catch (err) {
    parentPort!.postMessage({ ok: false, error: (err as Error).message });
  }
});
