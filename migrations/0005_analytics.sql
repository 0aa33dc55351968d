CREATE TABLE "analytics_applied_event" (
	"event_id" text PRIMARY KEY NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_hourly" (
	"hour" timestamp with time zone NOT NULL,
	"doctor_id" text NOT NULL,
	"booked" integer DEFAULT 0 NOT NULL,
	"rescheduled" integer DEFAULT 0 NOT NULL,
	"cancelled" integer DEFAULT 0 NOT NULL,
	"completed" integer DEFAULT 0 NOT NULL,
	"no_show" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_hourly_hour_doctor_id_pk" PRIMARY KEY("hour","doctor_id")
);
--> statement-breakpoint
CREATE TABLE "event_relay_partition" (
	"topic" text NOT NULL,
	"partition" integer NOT NULL,
	"cluster_id" text NOT NULL,
	"acked_offset" bigint NOT NULL,
	"first_seq" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_relay_partition_topic_partition_pk" PRIMARY KEY("topic","partition")
);
--> statement-breakpoint
CREATE INDEX "analytics_applied_event_applied_at_idx" ON "analytics_applied_event" USING btree ("applied_at");--> statement-breakpoint
CREATE INDEX "analytics_hourly_doctor_idx" ON "analytics_hourly" USING btree ("doctor_id","hour");