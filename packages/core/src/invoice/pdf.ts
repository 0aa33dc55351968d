import PDFDocument from "pdfkit";
import { formatMoney } from "./money";
import type { InvoiceLine, InvoiceStatus } from "./invoice.sql";

/** Everything printed on an invoice, already resolved (names, local times): rendering does no I/O. */
export interface InvoiceDocument {
  clinic: { name: string; address: string[] };
  number: string;
  issueDate: string;
  dueDate: string;
  status: InvoiceStatus;
  patient: { name: string; id: string };
  doctor: { name: string; specialty: string };
  /** The visit in the doctor's timezone, e.g. `2026-11-28 10:00–10:30 (Europe/Berlin)`. */
  visit: string;
  currency: string;
  lines: InvoiceLine[];
  subtotalCents: number;
  taxCents: number;
  totalCents: number;
  paidCents: number;
  paymentInstructions: string;
}

/**
 * One formatter per timezone: building an Intl.DateTimeFormat loads the zone's ICU data and cost
 * more than the formatting (it showed in the render task's profile, issue 19.2). A clinic has a
 * handful of zones.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
    formatters.set(timeZone, f);
  }
  return f;
}

/** `2026-11-28 10:00–10:30 (Europe/Berlin)`: the wall-clock time the patient was given. */
export function visitLabel(startsAt: Date, endsAt: Date, timeZone: string): string {
  const format = formatterFor(timeZone);
  const fmt = (d: Date, withDate: boolean) => {
    const p = Object.fromEntries(format.formatToParts(d).map((x) => [x.type, x.value]));
    return withDate ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}` : `${p.hour}:${p.minute}`;
  };
  return `${fmt(startsAt, true)}–${fmt(endsAt, false)} (${timeZone})`;
}

const statusLabel: Record<InvoiceStatus, string> = {
  pending: "PENDING",
  issued: "ISSUED - payment due",
  paid: "PAID",
  failed: "FAILED",
  void: "VOID",
  refund_due: "REFUND DUE",
};

/**
 * Render an invoice to PDF bytes with pdfkit's built-in Helvetica (no font files to ship).
 * Text is drawn as real text, so `pdftotext` and screen readers can read it.
 */
export function renderInvoicePdf(d: InvoiceDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: "A4", margin: 50, info: { Title: `Invoice ${d.number}`, Author: d.clinic.name, Subject: "Invoice" } });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);

    const left = 50;
    const right = 545;
    doc.font("Helvetica-Bold").fontSize(18).text(d.clinic.name, left, 50);
    doc.font("Helvetica").fontSize(10);
    for (const line of d.clinic.address) doc.text(line);
    doc
      .font("Helvetica-Bold")
      .fontSize(22)
      .text("INVOICE", 350, 50, { width: right - 350, align: "right" });
    doc.font("Helvetica").fontSize(10);
    const meta: [string, string][] = [
      ["Invoice number", d.number],
      ["Issue date", d.issueDate],
      ["Due date", d.dueDate],
      ["Status", statusLabel[d.status]],
    ];
    let y = 80;
    for (const [k, v] of meta) {
      doc.text(`${k}: ${v}`, 300, y, { width: right - 300, align: "right" });
      y += 14;
    }

    y = 160;
    doc.font("Helvetica-Bold").text("Bill to", left, y);
    doc
      .font("Helvetica")
      .text(d.patient.name, left, y + 14)
      .text(`Patient ID: ${d.patient.id}`);
    doc.font("Helvetica-Bold").text("Visit", 300, y);
    doc
      .font("Helvetica")
      .text(`${d.doctor.name}, ${d.doctor.specialty}`, 300, y + 14, { width: right - 300 })
      .text(d.visit, { width: right - 300 });

    y = 240;
    const cols = { desc: left, qty: 330, unit: 370, tax: 440, amount: 480 };
    doc.font("Helvetica-Bold");
    doc
      .text("Description", cols.desc, y)
      .text("Qty", cols.qty, y)
      .text("Unit", cols.unit, y)
      .text("Tax", cols.tax, y)
      .text("Amount", cols.amount, y, { width: right - cols.amount, align: "right" });
    doc
      .moveTo(left, y + 14)
      .lineTo(right, y + 14)
      .stroke();
    doc.font("Helvetica");
    y += 22;
    for (const l of d.lines) {
      doc.text(l.description, cols.desc, y, { width: cols.qty - cols.desc - 10 });
      const rowBottom = doc.y;
      doc.text(String(l.quantity), cols.qty, y);
      doc.text(formatMoney(l.unitCents, d.currency).split(" ")[0]!, cols.unit, y);
      doc.text(`${(l.taxRateBps / 100).toFixed(l.taxRateBps % 100 ? 2 : 0)}%`, cols.tax, y);
      doc.text(formatMoney(l.amountCents, d.currency), cols.amount, y, { width: right - cols.amount, align: "right" });
      y = Math.max(rowBottom, y + 14) + 4;
      if (l.taxNote) {
        doc
          .fontSize(8)
          .fillColor("#555")
          .text(l.taxNote, cols.desc, y, { width: cols.qty - cols.desc - 10 })
          .fillColor("black")
          .fontSize(10);
        y = doc.y + 6;
      }
    }
    doc.moveTo(left, y).lineTo(right, y).stroke();
    y += 10;
    const totals: [string, number, boolean][] = [
      ["Subtotal", d.subtotalCents, false],
      ["Tax", d.taxCents, false],
      ["Total", d.totalCents, true],
    ];
    if (d.paidCents > 0) totals.push(["Paid", d.paidCents, false], ["Balance due", d.totalCents - d.paidCents, true]);
    for (const [label, cents, bold] of totals) {
      doc
        .font(bold ? "Helvetica-Bold" : "Helvetica")
        .text(label, 330, y)
        .text(formatMoney(cents, d.currency), cols.amount - 40, y, { width: right - cols.amount + 40, align: "right" });
      y += 16;
    }

    y += 20;
    doc.font("Helvetica-Bold").text("How to pay", left, y);
    doc.font("Helvetica").text(d.paymentInstructions, left, y + 14, { width: right - left });
    doc.text(`Please pay ${formatMoney(d.totalCents - d.paidCents, d.currency)} by ${d.dueDate}, quoting ${d.number}.`, { width: right - left });
    doc.end();
  });
}
