import { eq } from "drizzle-orm";
import { useTransaction } from "../drizzle";
import { appointmentTable } from "../appointment/appointment.sql";
import { doctorTable } from "../doctor/doctor.sql";
import { Patient } from "../patient";
import { invoiceTable } from "../invoice/invoice.sql";
import { pdfKeyOf } from "../invoice/info";
import { renderInvoicePdf, visitLabel, type InvoiceDocument } from "../invoice/pdf";
import { putPdf } from "../invoice/store";
import { billingConfig } from "../invoice/config";

/**
 * Fault injection for the retry/failure tests and for trying the workflow by hand: the next
 * `failNext` renders throw `RenderFault` (a RenderPdf Retry matches it like any task
 * error). `CAREBEAT_FAULT_RENDER_FAILURES=<n>` sets it at start-up in the offline runtime;
 * nothing in stacks/ sets it, so AWS never fails on purpose.
 */
export const renderFaults = { failNext: Number(process.env.CAREBEAT_FAULT_RENDER_FAILURES ?? 0) || 0 };

/**
 * Where the pdfkit work runs. In a Lambda, here (the container has its own CPU). The offline
 * runtime runs every task on its one main thread, beside the ASL interpreter, the stand-ins'
 * HTTP and the API, so it points this at a worker-thread pool (packages/local/src/render-pool.ts)
 * that calls the same pure `renderInvoicePdf` with the same document: the handler and what it
 * stores are unchanged, only the thread differs.
 */
export const pdfRenderer: { render: (doc: InvoiceDocument) => Promise<Buffer> } = { render: renderInvoicePdf };

class RenderFault extends Error {
  override name = "RenderFault";
}

/** Assemble what the PDF prints. Reads the patient's name here, so it never travels through the execution history. */
export async function invoiceDocument(invoiceId: string, opts: { onlyPending?: boolean } = { onlyPending: true }): Promise<{ key: string; doc: InvoiceDocument } | null> {
  // One round trip for the invoice, its appointment and doctor (this runs once per PDF).
  const [row] = await useTransaction((tx) =>
    tx
      .select({
        invoice: invoiceTable,
        appointment: { startsAt: appointmentTable.startsAt, endsAt: appointmentTable.endsAt },
        doctor: { name: doctorTable.name, specialty: doctorTable.specialty, timezone: doctorTable.timezone },
      })
      .from(invoiceTable)
      .innerJoin(appointmentTable, eq(appointmentTable.id, invoiceTable.appointmentId))
      .innerJoin(doctorTable, eq(doctorTable.id, appointmentTable.doctorId))
      .where(eq(invoiceTable.id, invoiceId)),
  );
  if (!row) throw new Error(`Invoice ${invoiceId} does not exist`);
  const { invoice, appointment, doctor } = row;
  if (!invoice.number || (opts.onlyPending && invoice.status !== "pending")) return null;
  const patient = await Patient.get(invoice.patientId);
  if (!patient) throw new Error(`Invoice ${invoiceId}: patient record missing`);
  const config = billingConfig();
  return {
    key: pdfKeyOf(invoice.id),
    doc: {
      clinic: { name: config.clinicName, address: config.clinicAddress },
      number: invoice.number,
      issueDate: invoice.issueDate!,
      dueDate: invoice.dueDate!,
      // Rendered as the document that is about to be issued.
      status: "issued",
      patient: { name: `${patient.name.given} ${patient.name.family}`, id: patient.id },
      doctor: { name: doctor.name, specialty: doctor.specialty },
      visit: visitLabel(appointment.startsAt, appointment.endsAt, doctor.timezone),
      currency: invoice.currency,
      lines: invoice.lines,
      subtotalCents: invoice.subtotalCents,
      taxCents: invoice.taxCents,
      totalCents: invoice.totalCents,
      paidCents: invoice.paidCents,
      paymentInstructions: config.paymentInstructions,
    },
  };
}

/**
 * Render the numbered invoice and put it at `invoices/{id}.pdf`. Rendering is deterministic
 * for a given invoice and the key is fixed, so a retry overwrites the same object. An
 * invoice that is no longer pending (issued by an earlier attempt, or voided) is skipped.
 */
export async function renderAndStorePdf(invoiceId: string): Promise<{ pdfKey: string | null; bytes: number }> {
  if (renderFaults.failNext > 0) {
    renderFaults.failNext--;
    throw new RenderFault("Injected render failure (renderFaults)");
  }
  const prepared = await invoiceDocument(invoiceId);
  if (!prepared) {
    const [row] = await useTransaction((tx) => tx.select({ pdfKey: invoiceTable.pdfKey }).from(invoiceTable).where(eq(invoiceTable.id, invoiceId)));
    return { pdfKey: row?.pdfKey ?? null, bytes: 0 };
  }
  const pdf = await pdfRenderer.render(prepared.doc);
  await putPdf(prepared.key, pdf);
  return { pdfKey: prepared.key, bytes: pdf.length };
}
