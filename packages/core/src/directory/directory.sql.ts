import { pgTable, text, integer, timestamp, index, customType } from "drizzle-orm/pg-core";

const directoryStatuses = ["active", "deleted"] as const;

/**
 * Text in the "C" collation: compared and ordered by UTF-8 bytes (= code points), like a
 * DynamoDB string sort key, whatever the database's locale. A B-tree on such a column serves
 * `ORDER BY` and prefix ranges (`>= 'smi' AND < 'smj'`) — which under a linguistic collation it
 * cannot — and the order is the same on PGlite and on every server.
 */
const bytewiseText = customType<{ data: string; driverData: string }>({ dataType: () => 'text COLLATE "C"' });

/**
 * The patient directory: a projection of the DynamoDB patient records (the source of truth)
 * into Postgres, holding only what lists and bookings need — the id, a display name, the name
 * sort keys and whether the record is live. `version` is the DynamoDB record's version, so a
 * late or repeated write never replaces a newer one. See docs/patients.md "Patient directory".
 *
 * `name_key` ("family given#id") and `given_key` ("given family#id") are patient/keys.ts's
 * normalized keys: the patients list pages through them (name order, family- then given-name
 * prefix search). Nullable only for rows written before they existed; the backfill (every start
 * and deploy) fills them, and until then such a row is absent from the list.
 */
export const patientDirectoryTable = pgTable(
  "patient_directory",
  {
    id: text("id").primaryKey(),
    displayName: text("display_name").notNull(),
    status: text("status", { enum: directoryStatuses }).notNull(),
    version: integer("version").notNull(),
    syncedAt: timestamp("synced_at", { withTimezone: true }).notNull().defaultNow(),
    nameKey: bytewiseText("name_key"),
    givenKey: bytewiseText("given_key"),
  },
  (t) => [index("patient_directory_name_key_idx").on(t.nameKey), index("patient_directory_given_key_idx").on(t.givenKey)],
);
