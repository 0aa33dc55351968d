DROP INDEX "invoices_status_created_idx";--> statement-breakpoint
CREATE INDEX "appointments_start_id_idx" ON "appointments" USING btree ("starts_at","id");--> statement-breakpoint
CREATE INDEX "invoices_status_created_id_idx" ON "invoices" USING btree ("status","created_at","id");