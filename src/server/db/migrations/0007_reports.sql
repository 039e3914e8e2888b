-- Trigram similarity for duplicate reports (pg_trgm ships with PostgreSQL's contrib and with PGlite).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_duplicate_candidates" (
	"report_id" uuid NOT NULL,
	"candidate_id" uuid NOT NULL,
	"score" real NOT NULL,
	"reasons" text[] NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_duplicate_candidates_report_id_candidate_id_pk" PRIMARY KEY("report_id","candidate_id")
);
--> statement-breakpoint
CREATE TABLE "report_notes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"report_id" uuid NOT NULL,
	"author_id" uuid,
	"kind" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"pin_hash" text,
	"source" text NOT NULL,
	"channel" text NOT NULL,
	"language" text DEFAULT 'th' NOT NULL,
	"source_organisation_id" uuid,
	"created_by" uuid,
	"description" text NOT NULL,
	"description_segmented" text NOT NULL,
	"province_code" char(2),
	"district_code" char(4),
	"place_description" text,
	"happened_on" text,
	"when_description" text,
	"people_count" integer,
	"approx_age" integer,
	"sex_of_people" text DEFAULT 'unknown' NOT NULL,
	"nationality" char(3),
	"children_involved" text DEFAULT 'unknown' NOT NULL,
	"immediate_danger" boolean DEFAULT false NOT NULL,
	"urgent" boolean DEFAULT false NOT NULL,
	"contact_name_enc" text,
	"contact_phone_enc" text,
	"contact_line_enc" text,
	"contact_phone_index" text,
	"contact_line_index" text,
	"routed_province_code" char(2),
	"status" text DEFAULT 'received' NOT NULL,
	"assigned_to" uuid,
	"acknowledged_at" timestamp with time zone,
	"actioned_at" timestamp with time zone,
	"ack_due_at" timestamp with time zone,
	"action_due_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"close_reason" text,
	"duplicate_of" uuid,
	"case_decision_at" timestamp with time zone,
	"case_decision_by" uuid,
	"case_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reports_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
ALTER TABLE "report_duplicate_candidates" ADD CONSTRAINT "report_duplicate_candidates_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_duplicate_candidates" ADD CONSTRAINT "report_duplicate_candidates_candidate_id_reports_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_duplicate_candidates" ADD CONSTRAINT "report_duplicate_candidates_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_notes" ADD CONSTRAINT "report_notes_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_notes" ADD CONSTRAINT "report_notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_source_organisation_id_organisations_id_fk" FOREIGN KEY ("source_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_province_code_provinces_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."provinces"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_district_code_districts_code_fk" FOREIGN KEY ("district_code") REFERENCES "public"."districts"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_routed_province_code_provinces_code_fk" FOREIGN KEY ("routed_province_code") REFERENCES "public"."provinces"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_assigned_to_users_id_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_case_decision_by_users_id_fk" FOREIGN KEY ("case_decision_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_dup_candidate_idx" ON "report_duplicate_candidates" USING btree ("candidate_id");--> statement-breakpoint
CREATE INDEX "report_notes_report_idx" ON "report_notes" USING btree ("report_id","created_at");--> statement-breakpoint
CREATE INDEX "reports_queue_idx" ON "reports" USING btree ("routed_province_code","urgent" DESC NULLS LAST,"created_at","id") WHERE "reports"."closed_at" IS NULL;--> statement-breakpoint
CREATE INDEX "reports_province_created_idx" ON "reports" USING btree ("routed_province_code","created_at");--> statement-breakpoint
CREATE INDEX "reports_created_idx" ON "reports" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "reports_contact_phone_idx" ON "reports" USING btree ("contact_phone_index");--> statement-breakpoint
CREATE INDEX "reports_contact_line_idx" ON "reports" USING btree ("contact_line_index");--> statement-breakpoint
CREATE INDEX "reports_description_trgm_idx" ON "reports" USING gin ("description_segmented" gin_trgm_ops);