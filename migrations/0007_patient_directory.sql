CREATE TABLE "patient_directory" (
	"id" text PRIMARY KEY NOT NULL,
	"display_name" text NOT NULL,
	"status" text NOT NULL,
	"version" integer NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL
);
