CREATE TABLE "bulk_exports" (
	"id" text PRIMARY KEY NOT NULL,
	"status" text DEFAULT 'in-progress' NOT NULL,
	"level" text NOT NULL,
	"group_doctor_id" text,
	"types" text[] NOT NULL,
	"since" timestamp with time zone,
	"request" text NOT NULL,
	"requested_by" text NOT NULL,
	"requested_role" text NOT NULL,
	"transaction_time" timestamp with time zone NOT NULL,
	"progress" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"output" jsonb,
	"error_files" jsonb,
	"failure" text,
	"execution_arn" text,
	"polls" integer DEFAULT 0 NOT NULL,
	"last_polled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "bulk_exports_created_idx" ON "bulk_exports" USING btree ("created_at");