import { createHash } from "node:crypto";
import { and, asc, eq, gte, isNull, ne, or } from "drizzle-orm";
import { z } from "../util/zod";
import { createTransaction, useTransaction } from "../drizzle";
import { useUser, actorLabel } from "../actor";
import { Audit } from "../audit";
import { createId } from "../util/id";
import { VisibleError } from "../util/error";
import { appointmentTable } from "../appointment/appointment.sql";
import { doctorTable } from "../doctor/doctor.sql";
import { billingConfig } from "../invoice/config";
import { calendarFeedTable } from "./calendar.sql";
import { FEED_TOKEN, hashFeedToken, newFeedToken } from "./token";
import { renderFeed } from "./render";

const DAY = 86_400_000;
/** A cancelled visit stays in the feed this long after the cancellation (so calendars drop it), then leaves. */
const CANCELLED_KEEP_DAYS = 30;
/** Past visits older than this are not sent again: a feed is for what is coming. */
const PAST_DAYS = 90;
/** Upper bound on events per feed (a doctor's next months fit many times over). */
const MAX_EVENTS = 2000;

/**
 * Subscribable calendar feeds (docs/calendar.md): each doctor and each patient may have one live
 * secret URL; only the token's hash is stored; a revoked or unknown token is a 404.
 */
export namespace Calendar {
  export const OwnerType = z.enum(["doctor", "patient"]);
  export type OwnerType = z.infer<typeof OwnerType>;

  export const Status = z
    .object({
      active: z.boolean(),
      createdAt: z.string().nullable().openapi({ description: "When the live feed was created; the URL itself is shown only once" }),
    })
    .openapi("CalendarFeedStatus");
  export const Created = z
    .object({
      path: z.string().openapi({ description: "`/api/calendar/<token>.ics` on the site's origin; shown once, never stored" }),
      createdAt: z.string(),
      rotated: z.boolean().openapi({ description: "A previous feed URL was revoked by this" }),
    })
    .openapi("CalendarFeedCreated");

  /** The caller's own feed owner: a doctor's doctor id, a patient's patient id. */
  function own(): { ownerType: OwnerType; ownerId: string } {
    const user = useUser();
    if (user.role === "doctor" && user.doctorId) return { ownerType: "doctor", ownerId: user.doctorId };
    if (user.role === "patient" && user.patientId) return { ownerType: "patient", ownerId: user.patientId };
    throw new VisibleError("forbidden", "auth.forbidden", "Only doctors and patients have a calendar feed.");
  }

  const live = (ownerType: OwnerType, ownerId: string) =>
    and(eq(calendarFeedTable.ownerType, ownerType), eq(calendarFeedTable.ownerId, ownerId), isNull(calendarFeedTable.revokedAt));

  /** Revoke the owner's live feed (at most one) in the current transaction; the ids it revoked. */
  const revokeLiveRows = (ownerType: OwnerType, ownerId: string) =>
    useTransaction((tx) =>
      tx.update(calendarFeedTable).set({ revokedAt: new Date(), revokedBy: actorLabel() }).where(live(ownerType, ownerId)).returning({ id: calendarFeedTable.id }),
    );

  const auditOwner = (ownerType: OwnerType, ownerId: string) => ({
    resourceType: "calendar_feed",
    patientId: ownerType === "patient" ? ownerId : null,
    detail: { ownerType, ownerId },
  });

  export async function status(): Promise<z.infer<typeof Status>> {
    const { ownerType, ownerId } = own();
    const [row] = await useTransaction((tx) => tx.select().from(calendarFeedTable).where(live(ownerType, ownerId)).limit(1));
    return { active: !!row, createdAt: row?.createdAt.toISOString() ?? null };
  }

  /** Create the caller's feed, or rotate it: the old URL is revoked in the same transaction. */
  export async function create(): Promise<z.infer<typeof Created>> {
    const { ownerType, ownerId } = own();
    const token = newFeedToken();
    const id = createId("calendarFeed");
    return createTransaction(async (tx) => {
      const revoked = await revokeLiveRows(ownerType, ownerId);
      // The partial unique index (one live feed per owner) makes a concurrent create fail here, not leave two.
      const [row] = await tx
        .insert(calendarFeedTable)
        .values({ id, ownerType, ownerId, tokenHash: hashFeedToken(token), createdBy: actorLabel() })
        .returning();
      const rotated = revoked.length > 0;
      await Audit.record({
        action: rotated ? "calendar.feed.rotate" : "calendar.feed.create",
        resourceId: id,
        ...auditOwner(ownerType, ownerId),
        detail: { ownerType, ownerId, revoked: revoked.map((r) => r.id) },
      });
      return { path: `/api/calendar/${token}.ics`, createdAt: row!.createdAt.toISOString(), rotated };
    });
  }

  async function revokeLive(ownerType: OwnerType, ownerId: string, action: string) {
    await createTransaction(async () => {
      const revoked = await revokeLiveRows(ownerType, ownerId);
      if (!revoked.length) throw new VisibleError("not-found", "calendar.no_feed", "There is no live calendar feed to revoke.");
      await Audit.record({ action, resourceId: revoked[0]!.id, ...auditOwner(ownerType, ownerId) });
    });
  }

  /** The caller revokes their own feed. */
  export async function revoke() {
    const { ownerType, ownerId } = own();
    await revokeLive(ownerType, ownerId, "calendar.feed.revoke");
  }

  export const AdminRevokeInput = z.object({ ownerType: OwnerType, ownerId: z.string().min(1).max(64) });
  /** An admin revokes anyone's feed (a lost phone, a leaked link); the route allows admins only. */
  export async function revokeFor(input: z.infer<typeof AdminRevokeInput>) {
    await revokeLive(input.ownerType, input.ownerId, "calendar.feed.admin_revoke");
  }

  const notFound = () => new VisibleError("not-found", "calendar.unknown_feed", "No such calendar feed.");

  export interface FeedAnswer {
    status: 200 | 304;
    etag: string;
    body: string;
  }

  /**
   * The feed behind a token, for a calendar that does not sign in. Unknown and revoked tokens
   * are the same 404. Every fetch (a 304 too) is audited with every patient whose visits it
   * disclosed, like a list (docs/calendar.md "Audit").
   */
  export async function feed(input: { token: string; siteUrl: string; ifNoneMatch?: string | null }): Promise<FeedAnswer> {
    if (!FEED_TOKEN.test(input.token)) throw notFound();
    const [owner] = await useTransaction((tx) =>
      tx
        .select()
        .from(calendarFeedTable)
        .where(and(eq(calendarFeedTable.tokenHash, hashFeedToken(input.token)), isNull(calendarFeedTable.revokedAt)))
        .limit(1),
    );
    if (!owner) throw notFound();
    const now = Date.now();
    const a = appointmentTable;
    const rows = await useTransaction((tx) =>
      tx
        .select({
          id: a.id,
          patientId: a.patientId,
          startsAt: a.startsAt,
          endsAt: a.endsAt,
          status: a.status,
          reschedules: a.reschedules,
          updatedAt: a.updatedAt,
          doctorName: doctorTable.name,
          timezone: doctorTable.timezone,
        })
        .from(a)
        .innerJoin(doctorTable, eq(doctorTable.id, a.doctorId))
        .where(
          and(
            owner.ownerType === "doctor" ? eq(a.doctorId, owner.ownerId) : eq(a.patientId, owner.ownerId),
            gte(a.startsAt, new Date(now - PAST_DAYS * DAY)),
            // A cancelled visit's last change is its cancellation (cancelled is final: lifecycle.ts).
            or(ne(a.status, "cancelled"), gte(a.updatedAt, new Date(now - CANCELLED_KEEP_DAYS * DAY))),
          ),
        )
        .orderBy(asc(a.startsAt), asc(a.id))
        .limit(MAX_EVENTS),
    );
    const body = renderFeed({ owner: owner.ownerType, clinicName: billingConfig().clinicName, siteUrl: `${input.siteUrl}/appointments`, visits: rows });
    const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 32)}"`;
    const status = matches(input.ifNoneMatch, etag) ? 304 : 200;
    await Audit.record({
      action: "calendar.feed.read",
      resourceType: "calendar_feed",
      resourceId: owner.id,
      patientId: owner.ownerType === "patient" ? owner.ownerId : null,
      patientIds: rows.map((r) => r.patientId),
      detail: { ownerType: owner.ownerType, ownerId: owner.ownerId, events: rows.length, notModified: status === 304 },
    });
    return { status, etag, body };
  }

  /** If-None-Match (RFC 9110 §13.1.2): `*` or a list of tags, compared weakly. */
  function matches(header: string | null | undefined, etag: string) {
    if (!header) return false;
    if (header.trim() === "*") return true;
    const bare = (t: string) => t.trim().replace(/^W\//, "");
    return header.split(",").some((t) => bare(t) === etag);
  }
}
