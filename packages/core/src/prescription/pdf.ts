import PDFDocument from "pdfkit";

/** Everything printed on a prescription, already resolved: rendering does no I/O. */
export interface PrescriptionDocument {
  clinic: { name: string; address: string[] };
  id: string;
  issuedOn: string;
  validUntil: string;
  cancelled: boolean;
  patient: { name: string; birthDate: string | null };
  prescriber: { name: string; specialty: string };
  medication: string;
  atcCode: string | null;
  dose: string;
  instructions: string | null;
  quantity: number;
  repeats: number;
}

/**
 * Render a prescription to PDF bytes with pdfkit's built-in Helvetica (no font files), as real
 * text so `pdftotext`, screen readers and a counter's scanner of the id can read it. The
 * document is the prescription as written — it is never edited — so only a cancellation
 * changes what is printed (a CANCELLED banner).
 */
export function renderPrescriptionPdf(d: PrescriptionDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: "A5", margin: 40, info: { Title: `Prescription ${d.id}`, Author: d.clinic.name, Subject: "Prescription" } });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    const left = 40;
    const width = doc.page.width - 80;

    doc.font("Helvetica-Bold").fontSize(15).text(d.clinic.name, left, 40);
    doc.font("Helvetica").fontSize(9);
    for (const line of d.clinic.address) doc.text(line);
    doc.font("Helvetica-Bold").fontSize(18).text("PRESCRIPTION", left, 40, { width, align: "right" });
    doc.font("Helvetica").fontSize(9).text(d.id, left, 62, { width, align: "right" });
    if (d.cancelled) doc.font("Helvetica-Bold").fontSize(14).fillColor("#b00020").text("CANCELLED - do not dispense", left, 80, { width, align: "right" }).fillColor("black");

    let y = 120;
    const field = (label: string, value: string) => {
      doc.font("Helvetica-Bold").fontSize(10).text(label, left, y);
      doc.font("Helvetica").text(value, left + 110, y, { width: width - 110 });
      y = doc.y + 6;
    };
    field("Patient", d.patient.name);
    field("Date of birth", d.patient.birthDate ?? "not recorded");
    y += 8;
    field("Medication", d.medication + (d.atcCode ? ` (ATC ${d.atcCode})` : ""));
    field("Dose", d.dose);
    if (d.instructions) field("Instructions", d.instructions);
    field("Quantity", `${d.quantity} per fill`);
    field("Repeats", d.repeats === 0 ? "none" : `${d.repeats} (${d.repeats + 1} fills in all)`);
    field("Issued on", d.issuedOn);
    field("Valid until", d.validUntil);
    y += 24;
    doc
      .moveTo(left, y)
      .lineTo(left + 200, y)
      .stroke();
    doc
      .font("Helvetica")
      .fontSize(10)
      .text(`Prescriber: ${d.prescriber.name}`, left, y + 6);
    doc.fontSize(9).text(d.prescriber.specialty);
    doc.end();
  });
}
