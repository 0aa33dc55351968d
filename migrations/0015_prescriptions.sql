CREATE TABLE "analytics_prescriptions_daily" (
	"day" text NOT NULL,
	"doctor_id" text NOT NULL,
	"prescribed" integer DEFAULT 0 NOT NULL,
	"dispenses" integer DEFAULT 0 NOT NULL,
	"dispensed_units" integer DEFAULT 0 NOT NULL,
	"cancelled" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_prescriptions_daily_day_doctor_id_pk" PRIMARY KEY("day","doctor_id")
);
--> statement-breakpoint
CREATE TABLE "prescription_dispenses" (
	"id" text PRIMARY KEY NOT NULL,
	"prescription_id" text NOT NULL,
	"units" integer NOT NULL,
	"dispensed_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "medications" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"strength" text NOT NULL,
	"form" text NOT NULL,
	"pack_size" integer NOT NULL,
	"atc_code" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "prescriptions" (
	"id" text PRIMARY KEY NOT NULL,
	"patient_id" text NOT NULL,
	"patient_name" text NOT NULL,
	"patient_birth_date" text,
	"doctor_id" text NOT NULL,
	"appointment_id" text NOT NULL,
	"medication_id" text NOT NULL,
	"dose_amount" numeric(10, 3) NOT NULL,
	"dose_unit" text NOT NULL,
	"frequency" text NOT NULL,
	"instructions" text,
	"quantity" integer NOT NULL,
	"repeats" integer DEFAULT 0 NOT NULL,
	"valid_until" text NOT NULL,
	"dispensed_units" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"cancel_reason" text,
	"cancelled_at" timestamp with time zone,
	"replaces" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "prescriptions_dispensed_within" CHECK ("prescriptions"."dispensed_units" >= 0 and "prescriptions"."dispensed_units" <= "prescriptions"."quantity" * (1 + "prescriptions"."repeats")),
	CONSTRAINT "prescriptions_quantity_positive" CHECK ("prescriptions"."quantity" > 0 and "prescriptions"."repeats" >= 0)
);
--> statement-breakpoint
CREATE TABLE "prescription_repeat_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"prescription_id" text NOT NULL,
	"patient_id" text NOT NULL,
	"doctor_id" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"note" text,
	"reason" text,
	"new_prescription_id" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "prescription_dispenses" ADD CONSTRAINT "prescription_dispenses_prescription_id_prescriptions_id_fk" FOREIGN KEY ("prescription_id") REFERENCES "public"."prescriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriptions" ADD CONSTRAINT "prescriptions_doctor_id_doctors_id_fk" FOREIGN KEY ("doctor_id") REFERENCES "public"."doctors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriptions" ADD CONSTRAINT "prescriptions_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriptions" ADD CONSTRAINT "prescriptions_medication_id_medications_id_fk" FOREIGN KEY ("medication_id") REFERENCES "public"."medications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription_repeat_requests" ADD CONSTRAINT "prescription_repeat_requests_prescription_id_prescriptions_id_fk" FOREIGN KEY ("prescription_id") REFERENCES "public"."prescriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "prescription_dispenses_rx_idx" ON "prescription_dispenses" USING btree ("prescription_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "medications_name_strength_form_key" ON "medications" USING btree ("name","strength","form");--> statement-breakpoint
CREATE INDEX "prescriptions_patient_created_idx" ON "prescriptions" USING btree ("patient_id","created_at","id");--> statement-breakpoint
CREATE INDEX "prescriptions_doctor_created_idx" ON "prescriptions" USING btree ("doctor_id","created_at","id");--> statement-breakpoint
CREATE INDEX "prescriptions_status_created_idx" ON "prescriptions" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "prescriptions_appointment_idx" ON "prescriptions" USING btree ("appointment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "prescription_repeat_requests_one_pending" ON "prescription_repeat_requests" USING btree ("prescription_id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "prescription_repeat_requests_doctor_idx" ON "prescription_repeat_requests" USING btree ("doctor_id","status","created_at");--> statement-breakpoint
-- The seed catalogue (docs/prescriptions.md): shipped as data with the schema, never fetched. Admins add
-- and retire medications through the API; these stable ids let a re-run skip what is there.
INSERT INTO "medications" ("id", "name", "strength", "form", "pack_size", "atc_code") VALUES
	('med_seed_paracetamol_500', 'Paracetamol', '500 mg', 'tablet', 20, 'N02BE01'),
	('med_seed_ibuprofen_400', 'Ibuprofen', '400 mg', 'tablet', 24, 'M01AE01'),
	('med_seed_amoxicillin_500', 'Amoxicillin', '500 mg', 'capsule', 21, 'J01CA04'),
	('med_seed_amoxicillin_susp', 'Amoxicillin', '250 mg/5 ml', 'suspension', 100, 'J01CA04'),
	('med_seed_omeprazole_20', 'Omeprazole', '20 mg', 'capsule', 28, 'A02BC01'),
	('med_seed_metformin_500', 'Metformin', '500 mg', 'tablet', 60, 'A10BA02'),
	('med_seed_amlodipine_5', 'Amlodipine', '5 mg', 'tablet', 30, 'C08CA01'),
	('med_seed_ramipril_5', 'Ramipril', '5 mg', 'capsule', 28, 'C09AA05'),
	('med_seed_atorvastatin_20', 'Atorvastatin', '20 mg', 'tablet', 28, 'C10AA05'),
	('med_seed_salbutamol_100', 'Salbutamol', '100 micrograms/dose', 'inhaler', 200, 'R03AC02'),
	('med_seed_cetirizine_10', 'Cetirizine', '10 mg', 'tablet', 30, 'R06AE07'),
	('med_seed_hydrocortisone_1', 'Hydrocortisone', '1 %', 'cream', 15, 'D07AA02')
ON CONFLICT ("id") DO NOTHING;
