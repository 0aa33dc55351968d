import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { InvoiceDocument } from "@carebeat/core/invoice/pdf";

/**
 * A pool of worker threads that render invoice PDFs for the offline runtime. Every billing task
 * runs on the runtime's one main thread, and pdfkit is CPU-bound (≈2 ms a document): rendered
 * there it blocked the ASL interpreter, the stand-ins' HTTP and the API for each invoice
 * (docs/capacity.md, issue 19.2). The workers call the same pure `renderInvoicePdf`
 * (packages/core/src/invoice/pdf.ts) the RenderPdf Lambda calls in AWS; only the document goes
 * in and only the bytes come back (transferred, not copied). Workers are started once and
 * reused; a render waits for a free one (FIFO). A worker that dies fails its render (the
 * state's Retry renders again) and is replaced.
 *
 * `CAREBEAT_RENDER_WORKERS` sizes it (`0`: no pool, render on the main thread as a Lambda does);
 * the default is the cores less one (at least one), since the main thread and PostgreSQL need the rest.
 */
export function defaultRenderWorkers() {
  const set = Number(process.env.CAREBEAT_RENDER_WORKERS ?? "");
  return process.env.CAREBEAT_RENDER_WORKERS && Number.isInteger(set) && set >= 0 ? set : Math.max(1, availableParallelism() - 1);
}

interface Job {
  doc: InvoiceDocument;
  resolve(pdf: Buffer): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker;
  job?: Job;
}

export function startRenderPool(size = defaultRenderWorkers()) {
  const here = import.meta.url;
  const entry = new URL(here.endsWith(".ts") ? "./render-worker.ts" : "./render-worker.js", here);
  const queue: Job[] = [];
  const slots: Slot[] = [];
  let stopped = false;

  const dispatch = () => {
    for (const slot of slots) {
      if (slot.job || !queue.length) continue;
      slot.job = queue.shift()!;
      slot.worker.postMessage(slot.job.doc);
    }
  };

  const spawn = (): Slot => {
    const slot: Slot = { worker: new Worker(entry) };
    slot.worker.on("message", (m: { ok: true; pdf: Uint8Array } | { ok: false; error: string }) => {
      const job = slot.job;
      slot.job = undefined;
      if (m.ok) job?.resolve(Buffer.from(m.pdf.buffer, m.pdf.byteOffset, m.pdf.byteLength));
      else job?.reject(new Error(m.error));
      dispatch();
    });
    slot.worker.on("error", (err) => {
      slot.job?.reject(err);
      slot.job = undefined;
    });
    slot.worker.on("exit", () => {
      slot.job?.reject(new Error("render worker exited"));
      slot.job = undefined;
      const i = slots.indexOf(slot);
      if (i >= 0) slots.splice(i, 1);
      if (!stopped) {
        slots.push(spawn());
        dispatch();
      }
    });
    // Idle workers do not keep the runtime alive.
    slot.worker.unref();
    return slot;
  };
  for (let i = 0; i < size; i++) slots.push(spawn());

  return {
    size,
    render(doc: InvoiceDocument): Promise<Buffer> {
      if (stopped) return Promise.reject(new Error("render pool stopped"));
      return new Promise<Buffer>((resolve, reject) => {
        queue.push({ doc, resolve, reject });
        dispatch();
      });
    },
    async stop() {
      stopped = true;
      for (const job of queue.splice(0)) job.reject(new Error("render pool stopped"));
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
export type RenderPool = ReturnType<typeof startRenderPool>;
