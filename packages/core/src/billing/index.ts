import { and, eq, isNull, lt, sql } from "drizzle-orm";
import { z } from "../util/zod";
import { fn } from "../util/fn";
import { useTransaction } from "../drizzle";
import { appointmentTable } from "../appointment/appointment.sql";
import { doctorTable } from "../doctor/doctor.sql";
import { Patient } from "../patient";
import { invoiceTable } from "../invoice/invoice.sql";
import { priceVisit, type VisitToPrice } from "./pricing";
import { startBilling, startBillingAfterBooking } from "./start";
import { workflowOf } from "./progress";
import { log, errorFields } from "../observability/log";

const Id = z.string().min(1).max(64);

/** The billing workflow's domain side: each function is one task (packages/functions/src/billing/*). */
export namespace Billing {
  export const start = startBilling;
  export const startAfterBooking = startBillingAfterBooking;
  export const workflow = workflowOf;
  // RenderPdf lives in ./render, imported by its task alone: pdfkit (and its fonts) stays out of
  // every other bundle that imports Billing (bench/lambdas.ts: ~1.1 MB per task otherwise).

  /** What PriceVisit needs, with ids but no patient data (the execution history keeps task inputs and outputs). */
  export const Context = z.object({
    appointmentId: z.string(),
    patientId: z.string(),
    doctorId: z.string(),
    doctorName: z.string(),
    specialty: z.string(),
    minutes: z.number().int(),
    feeCents: z.number().int(),
    currency: z.string(),
    appointmentStatus: z.string(),
  });
  export type Context = z.infer<typeof Context>;

  /** LoadContext: the appointment, its doctor and fee; fails if the patient record is gone. */
  export const loadContext = fn(Id, async (appointmentId): Promise<Context> => {
    // The appointment and its doctor in one round trip (a left join, so a missing doctor is told apart).
    const [row] = await useTransaction((tx) =>
      tx
        .select({
          a: {
            id: appointmentTable.id,
            patientId: appointmentTable.patientId,
            doctorId: appointmentTable.doctorId,
            startsAt: appointmentTable.startsAt,
            endsAt: appointmentTable.endsAt,
            feeCents: appointmentTable.feeCents,
            currency: appointmentTable.currency,
            status: appointmentTable.status,
          },
          doctor: { name: doctorTable.name, specialty: doctorTable.specialty },
        })
        .from(appointmentTable)
        .leftJoin(doctorTable, eq(doctorTable.id, appointmentTable.doctorId))
        .where(eq(appointmentTable.id, appointmentId)),
    );
    if (!row) throw new Error(`Appointment ${appointmentId} does not exist`);
    const { a, doctor } = row;
    if (!doctor) throw new Error(`Doctor ${a.doctorId} does not exist`);
    if (!(await Patient.get(a.patientId))) throw new Error(`Patient record ${a.patientId} does not exist`);
    return {
      appointmentId: a.id,
      patientId: a.patientId,
      doctorId: a.doctorId,
      doctorName: doctor.name,
      specialty: doctor.specialty,
      minutes: Math.round((a.endsAt.getTime() - a.startsAt.getTime()) / 60_000),
      // The fee as booked: the appointment row froze it at booking time.
      feeCents: a.feeCents,
      currency: a.currency,
      appointmentStatus: a.status,
    };
  });

  export const price = fn(Context, (ctx) => priceVisit(ctx satisfies VisitToPrice));

  /**
   * Start billing for booked appointments older than `olderThanSeconds` that have no invoice:
   * the safety net for a crash between the booking's commit and its StartExecution. The
   * execution name makes this harmless when the execution does exist (it just has not
   * created the invoice yet). Run by a cron in AWS and a timer offline.
   */
  export const sweep = fn(
    z.object({ olderThanSeconds: z.number().int().min(0).default(60), limit: z.number().int().min(1).max(1000).default(200) }).default({ olderThanSeconds: 60, limit: 200 }),
    async ({ olderThanSeconds, limit }) => {
      const rows = await useTransaction((tx) =>
        tx
          .select({ id: appointmentTable.id })
          .from(appointmentTable)
          .leftJoin(invoiceTable, eq(invoiceTable.appointmentId, appointmentTable.id))
          .where(and(eq(appointmentTable.status, "booked"), isNull(invoiceTable.id), lt(appointmentTable.createdAt, sql`now() - make_interval(secs => ${olderThanSeconds})`)))
          .orderBy(appointmentTable.createdAt)
          .limit(limit),
      );
      let started = 0;
      let alreadyStarted = 0;
      let failed = 0;
      for (const r of rows) {
        try {
          const out = await startBilling(r.id);
          if (out.alreadyStarted) alreadyStarted++;
          else started++;
        } catch (err) {
          failed++;
          log.warn("billing.sweep_start_failed", { appointmentId: r.id, ...errorFields(err) });
        }
      }
      // `started` includes executions that were already running: StartExecution with the same
      // name and input answers a running execution with success, a finished one with ExecutionAlreadyExists.
      return { candidates: rows.length, started, alreadyStarted, failed };
    },
  );
}
