-- A doctor cannot be in two places at once: no two non-cancelled appointments of one doctor
-- may overlap. Enforced by the database, so it holds under any concurrency (SQLSTATE 23P01).
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
ALTER TABLE appointments
  ADD CONSTRAINT appointments_no_overlap
  EXCLUDE USING gist (doctor_id WITH =, during WITH &&) WHERE (status <> 'cancelled');
--> statement-breakpoint
ALTER TABLE appointments ADD CONSTRAINT appointments_ends_after_starts CHECK (ends_at > starts_at);
