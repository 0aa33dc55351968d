ALTER TABLE "patient_directory" ADD COLUMN "name_key" text COLLATE "C";--> statement-breakpoint
ALTER TABLE "patient_directory" ADD COLUMN "given_key" text COLLATE "C";--> statement-breakpoint
CREATE INDEX "patient_directory_name_key_idx" ON "patient_directory" USING btree ("name_key");--> statement-breakpoint
CREATE INDEX "patient_directory_given_key_idx" ON "patient_directory" USING btree ("given_key");