import { eq } from "drizzle-orm";
import { z } from "../util/zod";
import { fn } from "../util/fn";
import { useTransaction } from "../drizzle";
import { useActor } from "../actor";
import { Audit } from "../audit";
import { doctorTable } from "../doctor/doctor.sql";
import { billingConfig } from "../invoice/config";
import { putPdf, presignPdf, PDF_URL_SECONDS } from "../invoice/store";
import { renderPrescriptionPdf, type PrescriptionDocument } from "./pdf";
import { doseOf, medicationLabel, type View } from "./info";
import { authorizeRead } from "./access";
import { loadView } from "./read";

/** `prescriptions/{id}.pdf` in the documents bucket (the one the invoices use: docs/prescriptions.md). */
export const pdfKeyOf = (id: string) => `prescriptions/${id}.pdf`;

export async function documentOf({ p, m, doctorName }: View): Promise<PrescriptionDocument> {
  const [doctor] = await useTransaction((tx) => tx.select({ specialty: doctorTable.specialty }).from(doctorTable).where(eq(doctorTable.id, p.doctorId)));
  const clinic = billingConfig();
  return {
    clinic: { name: clinic.clinicName, address: clinic.clinicAddress },
    id: p.id,
    issuedOn: p.createdAt.toISOString().slice(0, 10),
    validUntil: p.validUntil,
    cancelled: p.status === "cancelled",
    patient: { name: p.patientName, birthDate: p.patientBirthDate },
    prescriber: { name: doctorName, specialty: doctor?.specialty ?? "" },
    medication: medicationLabel(m),
    atcCode: m.atcCode,
    dose: doseOf(p).text,
    instructions: p.instructions,
    quantity: p.quantity,
    repeats: p.repeats,
  };
}

/**
 * The printable prescription: rendered now, stored in S3 and linked for minutes (why on demand
 * and not a workflow: docs/prescriptions.md). Readers of the prescription and pharmacists may
 * print it (it shows the patient's name and birth date only); audited as a download.
 */
export const pdfUrl = fn(z.string().min(1).max(64), async (id) => {
  const view = await loadView(id);
  const actor = useActor();
  if (!(actor.type === "user" && actor.role === "pharmacist")) await authorizeRead(view.p, "prescription.download");
  const key = pdfKeyOf(id);
  await putPdf(key, await renderPrescriptionPdf(await documentOf(view)));
  const url = await presignPdf(key, `prescription-${id}.pdf`);
  await Audit.record({ action: "prescription.download", resourceType: "prescription", resourceId: id, patientId: view.p.patientId, detail: { expiresInSeconds: PDF_URL_SECONDS } });
  return { url, expiresInSeconds: PDF_URL_SECONDS };
});
