CREATE TABLE "case_activity" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" uuid,
	"actor_organisation_id" uuid,
	"kind" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"part" text DEFAULT 'summary' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"sensitivity" text DEFAULT 'normal' NOT NULL,
	"filename_enc" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" char(64) NOT NULL,
	"content_enc" "bytea" NOT NULL,
	"uploaded_by" uuid,
	"uploaded_by_organisation_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_person_id" uuid NOT NULL,
	"type" text NOT NULL,
	"event_date" date,
	"country" char(3),
	"province_code" char(2),
	"district_code" char(4),
	"place_enc" text,
	"description_enc" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_events_type_check" CHECK ("case_events"."type" IN ('Recruitment', 'Transit', 'Exploitation'))
);
--> statement-breakpoint
CREATE TABLE "case_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"sensitivity" text DEFAULT 'normal' NOT NULL,
	"body_enc" text NOT NULL,
	"author_id" uuid,
	"author_organisation_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_notes_sensitivity_check" CHECK ("case_notes"."sensitivity" IN ('normal', 'team'))
);
--> statement-breakpoint
CREATE TABLE "case_number_counters" (
	"province_code" char(2) NOT NULL,
	"year_be" integer NOT NULL,
	"last_seq" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "case_number_counters_province_code_year_be_pk" PRIMARY KEY("province_code","year_be")
);
--> statement-breakpoint
CREATE TABLE "case_persons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"role" text NOT NULL,
	"guardian_of" uuid,
	"relationship" text,
	"trafficking_status" text,
	"exploitation_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"means_of_control" text[] DEFAULT '{}'::text[] NOT NULL,
	"recruitment_methods" text[] DEFAULT '{}'::text[] NOT NULL,
	"relationship_to_trafficker" text,
	"industry" text,
	"sex_exploitation_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"recruitment_apps" text[] DEFAULT '{}'::text[] NOT NULL,
	"exploitation_apps" text[] DEFAULT '{}'::text[] NOT NULL,
	"vulnerabilities" text[] DEFAULT '{}'::text[] NOT NULL,
	"age_when_trafficked" integer,
	"taken_into_care_at" timestamp with time zone,
	"custody_extended_until" timestamp with time zone,
	"custody_court_order" text,
	"temporary_shelter_organisation_id" uuid,
	"temporary_shelter_until" timestamp with time zone,
	"reflection_until" timestamp with time zone,
	"identified_at" timestamp with time zone,
	"identification_org_type" text,
	"identification_reasons" text,
	"identified_by" uuid,
	"return_kind" text,
	"return_partner_id" uuid,
	"return_date" date,
	"return_country" char(3),
	"return_province_code" char(2),
	"travel_documents" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_persons_role_check" CHECK ("case_persons"."role" IN ('victim', 'family', 'guardian', 'other'))
);
--> statement-breakpoint
CREATE TABLE "case_services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"case_person_id" uuid NOT NULL,
	"service" text NOT NULL,
	"provider_organisation_id" uuid,
	"referral_id" uuid,
	"planned_start" date,
	"planned_end" date,
	"actual_start" date,
	"actual_end" date,
	"status" text DEFAULT 'planned' NOT NULL,
	"outcome_enc" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_services_status_check" CHECK ("case_services"."status" IN ('planned', 'in_progress', 'delivered', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_number" text NOT NULL,
	"province_code" char(2) NOT NULL,
	"year_be" integer NOT NULL,
	"seq" integer NOT NULL,
	"organisation_id" uuid NOT NULL,
	"report_id" uuid,
	"status" text DEFAULT 'Active' NOT NULL,
	"stage" text DEFAULT 'screening' NOT NULL,
	"stage_before_close" text,
	"owner_user_id" uuid,
	"involves_child" boolean DEFAULT false NOT NULL,
	"exploitation_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"reflection_days" integer DEFAULT 45 NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"closure_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cases_caseNumber_unique" UNIQUE("case_number"),
	CONSTRAINT "cases_status_check" CHECK ("cases"."status" IN ('Active', 'FollowUp', 'Closed', 'ClosedReferred')),
	CONSTRAINT "cases_stage_check" CHECK ("cases"."stage" IN ('screening', 'temporary_protection', 'identification', 'assistance', 'return', 'reintegration', 'closed')),
	CONSTRAINT "cases_reflection_check" CHECK ("cases"."reflection_days" BETWEEN 1 AND 365)
);
--> statement-breakpoint
CREATE TABLE "consents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"case_person_id" uuid NOT NULL,
	"purposes" text[] NOT NULL,
	"given_by" text NOT NULL,
	"guardian_case_person_id" uuid,
	"given_at" timestamp with time zone NOT NULL,
	"method" text NOT NULL,
	"recorded_by" uuid,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consents_given_by_check" CHECK ("consents"."given_by" IN ('victim', 'guardian'))
);
--> statement-breakpoint
CREATE TABLE "email_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"notification_id" uuid,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "follow_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"case_person_id" uuid NOT NULL,
	"scheduled_for" date NOT NULL,
	"visited_at" date,
	"visited_by" uuid,
	"livelihood" smallint,
	"family" smallint,
	"justice" smallint,
	"future" smallint,
	"compensation_received" boolean,
	"notes_enc" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "follow_ups_ratings_check" CHECK (coalesce("follow_ups"."livelihood", 1) BETWEEN 1 AND 5 AND coalesce("follow_ups"."family", 1) BETWEEN 1 AND 5
      AND coalesce("follow_ups"."justice", 1) BETWEEN 1 AND 5 AND coalesce("follow_ups"."future", 1) BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"case_id" uuid,
	"case_number" text,
	"dedupe_key" text,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "referrals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text DEFAULT 'referral' NOT NULL,
	"case_person_id" uuid,
	"from_organisation_id" uuid NOT NULL,
	"to_organisation_id" uuid NOT NULL,
	"service" text,
	"reason" text NOT NULL,
	"details_enc" text,
	"shared_parts" text[] NOT NULL,
	"consent_id" uuid,
	"override_reason_enc" text,
	"override_by" uuid,
	"status" text DEFAULT 'requested' NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"requested_by" uuid,
	"answered_at" timestamp with time zone,
	"answered_by" uuid,
	"answer_reason" text,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "referrals_kind_check" CHECK ("referrals"."kind" IN ('referral', 'transfer')),
	CONSTRAINT "referrals_status_check" CHECK ("referrals"."status" IN ('requested', 'accepted', 'declined', 'revoked', 'withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "screening_indicators" (
	"code" text PRIMARY KEY NOT NULL,
	"group_code" text NOT NULL,
	"label_th" text NOT NULL,
	"label_en" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "screenings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"case_person_id" uuid NOT NULL,
	"screened_at" timestamp with time zone NOT NULL,
	"interviewer_user_id" uuid,
	"interviewer_organisation_id" uuid,
	"language" text,
	"interpreter_used" boolean DEFAULT false NOT NULL,
	"answers" jsonb NOT NULL,
	"indicators_met" integer NOT NULL,
	"summary_enc" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "latin_name_enc" text;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "other_names_enc" text;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "gender" text;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "languages" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "needs_interpreter" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "disability" boolean;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "vulnerabilities" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "document_type" text;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "document_number_enc" text;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "document_index" text;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "name_grams" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "case_activity" ADD CONSTRAINT "case_activity_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_activity" ADD CONSTRAINT "case_activity_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_activity" ADD CONSTRAINT "case_activity_actor_organisation_id_organisations_id_fk" FOREIGN KEY ("actor_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_attachments" ADD CONSTRAINT "case_attachments_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_attachments" ADD CONSTRAINT "case_attachments_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_attachments" ADD CONSTRAINT "case_attachments_uploaded_by_organisation_id_organisations_id_fk" FOREIGN KEY ("uploaded_by_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_person_id_case_persons_id_fk" FOREIGN KEY ("case_person_id") REFERENCES "public"."case_persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_province_code_provinces_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."provinces"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_district_code_districts_code_fk" FOREIGN KEY ("district_code") REFERENCES "public"."districts"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_notes" ADD CONSTRAINT "case_notes_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_notes" ADD CONSTRAINT "case_notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_notes" ADD CONSTRAINT "case_notes_author_organisation_id_organisations_id_fk" FOREIGN KEY ("author_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_number_counters" ADD CONSTRAINT "case_number_counters_province_code_provinces_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."provinces"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_persons" ADD CONSTRAINT "case_persons_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_persons" ADD CONSTRAINT "case_persons_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_persons" ADD CONSTRAINT "case_persons_temporary_shelter_organisation_id_organisations_id_fk" FOREIGN KEY ("temporary_shelter_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_persons" ADD CONSTRAINT "case_persons_identified_by_users_id_fk" FOREIGN KEY ("identified_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_persons" ADD CONSTRAINT "case_persons_return_partner_id_organisations_id_fk" FOREIGN KEY ("return_partner_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_persons" ADD CONSTRAINT "case_persons_return_province_code_provinces_code_fk" FOREIGN KEY ("return_province_code") REFERENCES "public"."provinces"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_services" ADD CONSTRAINT "case_services_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_services" ADD CONSTRAINT "case_services_case_person_id_case_persons_id_fk" FOREIGN KEY ("case_person_id") REFERENCES "public"."case_persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_services" ADD CONSTRAINT "case_services_provider_organisation_id_organisations_id_fk" FOREIGN KEY ("provider_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_services" ADD CONSTRAINT "case_services_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_services" ADD CONSTRAINT "case_services_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_province_code_provinces_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."provinces"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_case_person_id_case_persons_id_fk" FOREIGN KEY ("case_person_id") REFERENCES "public"."case_persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_guardian_case_person_id_case_persons_id_fk" FOREIGN KEY ("guardian_case_person_id") REFERENCES "public"."case_persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_withdrawn_by_users_id_fk" FOREIGN KEY ("withdrawn_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_notification_id_notifications_id_fk" FOREIGN KEY ("notification_id") REFERENCES "public"."notifications"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_case_person_id_case_persons_id_fk" FOREIGN KEY ("case_person_id") REFERENCES "public"."case_persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_visited_by_users_id_fk" FOREIGN KEY ("visited_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_case_person_id_case_persons_id_fk" FOREIGN KEY ("case_person_id") REFERENCES "public"."case_persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_from_organisation_id_organisations_id_fk" FOREIGN KEY ("from_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_to_organisation_id_organisations_id_fk" FOREIGN KEY ("to_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_consent_id_consents_id_fk" FOREIGN KEY ("consent_id") REFERENCES "public"."consents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_override_by_users_id_fk" FOREIGN KEY ("override_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screenings" ADD CONSTRAINT "screenings_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screenings" ADD CONSTRAINT "screenings_case_person_id_case_persons_id_fk" FOREIGN KEY ("case_person_id") REFERENCES "public"."case_persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screenings" ADD CONSTRAINT "screenings_interviewer_user_id_users_id_fk" FOREIGN KEY ("interviewer_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screenings" ADD CONSTRAINT "screenings_interviewer_organisation_id_organisations_id_fk" FOREIGN KEY ("interviewer_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_activity_case_idx" ON "case_activity" USING btree ("case_id","at");--> statement-breakpoint
CREATE INDEX "case_attachments_case_idx" ON "case_attachments" USING btree ("case_id","created_at");--> statement-breakpoint
CREATE INDEX "case_events_person_idx" ON "case_events" USING btree ("case_person_id");--> statement-breakpoint
CREATE INDEX "case_notes_case_idx" ON "case_notes" USING btree ("case_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "case_persons_case_person_key" ON "case_persons" USING btree ("case_id","person_id");--> statement-breakpoint
CREATE INDEX "case_persons_person_idx" ON "case_persons" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "case_persons_custody_idx" ON "case_persons" USING btree ("taken_into_care_at") WHERE "case_persons"."identified_at" IS NULL AND "case_persons"."taken_into_care_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "case_services_case_idx" ON "case_services" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_services_provider_idx" ON "case_services" USING btree ("provider_organisation_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_number_seq_key" ON "cases" USING btree ("province_code","year_be","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_report_key" ON "cases" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "cases_province_opened_idx" ON "cases" USING btree ("province_code","opened_at","id");--> statement-breakpoint
CREATE INDEX "cases_org_opened_idx" ON "cases" USING btree ("organisation_id","opened_at","id");--> statement-breakpoint
CREATE INDEX "cases_opened_idx" ON "cases" USING btree ("opened_at","id");--> statement-breakpoint
CREATE INDEX "cases_stage_idx" ON "cases" USING btree ("province_code","stage");--> statement-breakpoint
CREATE INDEX "cases_exploitation_idx" ON "cases" USING gin ("exploitation_types");--> statement-breakpoint
CREATE INDEX "consents_case_idx" ON "consents" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "email_outbox_pending_idx" ON "email_outbox" USING btree ("created_at") WHERE "email_outbox"."sent_at" IS NULL;--> statement-breakpoint
CREATE INDEX "follow_ups_case_idx" ON "follow_ups" USING btree ("case_id","scheduled_for");--> statement-breakpoint
CREATE INDEX "follow_ups_due_idx" ON "follow_ups" USING btree ("scheduled_for") WHERE "follow_ups"."visited_at" IS NULL;--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("user_id") WHERE "notifications"."read_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_dedupe_key" ON "notifications" USING btree ("user_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "referrals_case_idx" ON "referrals" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "referrals_to_org_idx" ON "referrals" USING btree ("to_organisation_id","status");--> statement-breakpoint
CREATE INDEX "screenings_case_idx" ON "screenings" USING btree ("case_id","screened_at");--> statement-breakpoint
CREATE INDEX "persons_document_idx" ON "persons" USING btree ("document_index");--> statement-breakpoint
CREATE INDEX "persons_name_grams_idx" ON "persons" USING gin ("name_grams");--> statement-breakpoint
-- The screening checklist as reference data: the ILO's 11 indicators of forced labour, then child and
-- sexual-exploitation indicators used by Thai first responders. Administrators add more at run time.
INSERT INTO "screening_indicators" ("code", "group_code", "label_th", "label_en", "sort_order") VALUES
  ('ilo.abuse_of_vulnerability', 'ilo', 'การใช้ประโยชน์จากความเปราะบาง', 'Abuse of vulnerability', 10),
  ('ilo.deception', 'ilo', 'การหลอกลวง', 'Deception', 20),
  ('ilo.restriction_of_movement', 'ilo', 'การจำกัดเสรีภาพในการเดินทาง', 'Restriction of movement', 30),
  ('ilo.isolation', 'ilo', 'การแยกให้อยู่โดดเดี่ยว', 'Isolation', 40),
  ('ilo.physical_sexual_violence', 'ilo', 'การใช้ความรุนแรงทางร่างกายและทางเพศ', 'Physical and sexual violence', 50),
  ('ilo.intimidation_threats', 'ilo', 'การข่มขู่และคุกคาม', 'Intimidation and threats', 60),
  ('ilo.retention_of_documents', 'ilo', 'การยึดเอกสารประจำตัว', 'Retention of identity documents', 70),
  ('ilo.withholding_wages', 'ilo', 'การหักหรือไม่จ่ายค่าจ้าง', 'Withholding of wages', 80),
  ('ilo.debt_bondage', 'ilo', 'การใช้หนี้เป็นเครื่องผูกมัด', 'Debt bondage', 90),
  ('ilo.abusive_conditions', 'ilo', 'สภาพการทำงานและความเป็นอยู่ที่เลวร้าย', 'Abusive working and living conditions', 100),
  ('ilo.excessive_overtime', 'ilo', 'การทำงานล่วงเวลาเกินควร', 'Excessive overtime', 110),
  ('child.under_18_working', 'child', 'เด็กอายุต่ำกว่า 18 ปีทำงานหรือถูกใช้ประโยชน์', 'A child under 18 working or being exploited', 200),
  ('child.hazardous_work', 'child', 'เด็กทำงานอันตรายหรือทำงานในเวลากลางคืน', 'A child in hazardous or night work', 210),
  ('child.separated_from_family', 'child', 'เด็กแยกจากครอบครัวหรือผู้ปกครอง', 'A child separated from family or guardian', 220),
  ('child.not_in_school', 'child', 'เด็กไม่ได้เรียนหนังสือเพราะต้องทำงาน', 'A child out of school because of work', 230),
  ('child.begging', 'child', 'เด็กถูกบังคับให้ขอทานหรือขายของ', 'A child forced to beg or sell', 240),
  ('sexual.commercial_sex', 'sexual', 'ถูกบังคับหรือชักจูงให้ค้าประเวณีหรือให้บริการทางเพศ', 'Forced or induced into commercial sex', 300),
  ('sexual.online_content', 'sexual', 'ถูกถ่ายภาพหรือวิดีโอทางเพศหรือถูกบังคับให้แสดงทางออนไลน์', 'Sexual images, videos or live online shows', 310),
  ('sexual.venue_control', 'sexual', 'ถูกควบคุมในสถานบริการ (คาราโอเกะ ร้านอาหาร สถานบันเทิง)', 'Controlled in a venue (karaoke, restaurant, entertainment)', 320),
  ('sexual.quota_or_fines', 'sexual', 'ถูกกำหนดจำนวนลูกค้าหรือถูกปรับเงิน', 'Customer quotas or fines imposed', 330),
  ('sexual.forced_marriage', 'sexual', 'ถูกบังคับให้แต่งงาน', 'Forced marriage', 340);
