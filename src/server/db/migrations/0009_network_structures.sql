CREATE TABLE "action_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"committee_id" uuid NOT NULL,
	"text" text NOT NULL,
	"responsible_organisation_id" uuid NOT NULL,
	"due_date" date,
	"status" text DEFAULT 'open' NOT NULL,
	"completed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "action_items_status_check" CHECK ("action_items"."status" IN ('open', 'in_progress', 'done', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "appointment_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"committee_id" uuid NOT NULL,
	"order_number" text NOT NULL,
	"order_date" date NOT NULL,
	"signed_by" text NOT NULL,
	"subject" text,
	"document_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "border_centre_staff" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"centre_id" uuid NOT NULL,
	"person_name" text NOT NULL,
	"home_organisation_id" uuid NOT NULL,
	"role" text NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "border_centre_staff_dates_check" CHECK ("border_centre_staff"."to_date" IS NULL OR "border_centre_staff"."to_date" >= "border_centre_staff"."from_date")
);
--> statement-breakpoint
CREATE TABLE "border_centres" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name_th" text NOT NULL,
	"name_en" text NOT NULL,
	"province_code" char(2) NOT NULL,
	"district_code" char(4),
	"organisation_id" uuid,
	"address" text,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "committee_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"committee_id" uuid NOT NULL,
	"person_name" text NOT NULL,
	"position" text,
	"organisation_id" uuid,
	"role" text NOT NULL,
	"term_start" date NOT NULL,
	"term_end" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "committee_members_term_check" CHECK ("committee_members"."term_end" IS NULL OR "committee_members"."term_end" >= "committee_members"."term_start")
);
--> statement-breakpoint
CREATE TABLE "committees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"province_code" char(2),
	"name_th" text NOT NULL,
	"name_en" text NOT NULL,
	"secretariat_organisation_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "committees_kind_check" CHECK ("committees"."kind" IN ('national', 'coordinating', 'provincial', 'other')),
	CONSTRAINT "committees_province_check" CHECK (("committees"."kind" = 'provincial' AND "committees"."province_code" IS NOT NULL)
      OR ("committees"."kind" IN ('national', 'coordinating') AND "committees"."province_code" IS NULL) OR "committees"."kind" = 'other')
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" char(64) NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_by" uuid,
	"uploaded_by_organisation_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "documents_content_type_check" CHECK ("documents"."content_type" IN ('application/pdf', 'image/jpeg', 'image/png')),
	CONSTRAINT "documents_size_check" CHECK ("documents"."size_bytes" > 0 AND "documents"."size_bytes" <= 5242880)
);
--> statement-breakpoint
CREATE TABLE "mdt_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mdt_id" uuid NOT NULL,
	"user_id" uuid,
	"person_name" text,
	"organisation_id" uuid NOT NULL,
	"role" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mdt_members_who_check" CHECK (num_nonnulls("mdt_members"."user_id", "mdt_members"."person_name") = 1)
);
--> statement-breakpoint
CREATE TABLE "mdt_on_call" (
	"mdt_id" uuid NOT NULL,
	"on_date" date NOT NULL,
	"member_id" uuid NOT NULL,
	CONSTRAINT "mdt_on_call_mdt_id_on_date_member_id_pk" PRIMARY KEY("mdt_id","on_date","member_id")
);
--> statement-breakpoint
CREATE TABLE "mdts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name_th" text NOT NULL,
	"name_en" text NOT NULL,
	"province_code" char(2) NOT NULL,
	"border_centre_id" uuid,
	"coordinator_organisation_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_agenda_items" (
	"meeting_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"detail" text,
	CONSTRAINT "meeting_agenda_items_meeting_id_position_pk" PRIMARY KEY("meeting_id","position")
);
--> statement-breakpoint
CREATE TABLE "meeting_attendees" (
	"meeting_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	CONSTRAINT "meeting_attendees_meeting_id_member_id_pk" PRIMARY KEY("meeting_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "meeting_guests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"person_name" text,
	"position" text
);
--> statement-breakpoint
CREATE TABLE "meeting_resolutions" (
	"meeting_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"text" text NOT NULL,
	CONSTRAINT "meeting_resolutions_meeting_id_position_pk" PRIMARY KEY("meeting_id","position")
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"committee_id" uuid NOT NULL,
	"meeting_date" date NOT NULL,
	"place" text,
	"title" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subdistrict_centres" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subdistrict_code" char(6) NOT NULL,
	"district_code" char(4) NOT NULL,
	"province_code" char(2) NOT NULL,
	"name_th" text NOT NULL,
	"name_en" text,
	"leader_name" text NOT NULL,
	"leader_phone" text,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_trainings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"name" text NOT NULL,
	"completed_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"province_code" char(2) NOT NULL,
	"district_code" char(4),
	"subdistrict_code" char(6),
	"phone" text,
	"organisation_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "action_items" ADD CONSTRAINT "action_items_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_items" ADD CONSTRAINT "action_items_committee_id_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."committees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_items" ADD CONSTRAINT "action_items_responsible_organisation_id_organisations_id_fk" FOREIGN KEY ("responsible_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_orders" ADD CONSTRAINT "appointment_orders_committee_id_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."committees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_orders" ADD CONSTRAINT "appointment_orders_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "border_centre_staff" ADD CONSTRAINT "border_centre_staff_centre_id_border_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."border_centres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "border_centre_staff" ADD CONSTRAINT "border_centre_staff_home_organisation_id_organisations_id_fk" FOREIGN KEY ("home_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "border_centres" ADD CONSTRAINT "border_centres_province_code_provinces_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."provinces"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "border_centres" ADD CONSTRAINT "border_centres_district_code_districts_code_fk" FOREIGN KEY ("district_code") REFERENCES "public"."districts"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "border_centres" ADD CONSTRAINT "border_centres_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committee_members" ADD CONSTRAINT "committee_members_committee_id_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."committees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committee_members" ADD CONSTRAINT "committee_members_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committees" ADD CONSTRAINT "committees_province_code_provinces_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."provinces"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committees" ADD CONSTRAINT "committees_secretariat_organisation_id_organisations_id_fk" FOREIGN KEY ("secretariat_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_uploaded_by_organisation_id_organisations_id_fk" FOREIGN KEY ("uploaded_by_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mdt_members" ADD CONSTRAINT "mdt_members_mdt_id_mdts_id_fk" FOREIGN KEY ("mdt_id") REFERENCES "public"."mdts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mdt_members" ADD CONSTRAINT "mdt_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mdt_members" ADD CONSTRAINT "mdt_members_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mdt_on_call" ADD CONSTRAINT "mdt_on_call_mdt_id_mdts_id_fk" FOREIGN KEY ("mdt_id") REFERENCES "public"."mdts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mdt_on_call" ADD CONSTRAINT "mdt_on_call_member_id_mdt_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."mdt_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mdts" ADD CONSTRAINT "mdts_province_code_provinces_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."provinces"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mdts" ADD CONSTRAINT "mdts_border_centre_id_border_centres_id_fk" FOREIGN KEY ("border_centre_id") REFERENCES "public"."border_centres"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mdts" ADD CONSTRAINT "mdts_coordinator_organisation_id_organisations_id_fk" FOREIGN KEY ("coordinator_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_agenda_items" ADD CONSTRAINT "meeting_agenda_items_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendees" ADD CONSTRAINT "meeting_attendees_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendees" ADD CONSTRAINT "meeting_attendees_member_id_committee_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."committee_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_guests" ADD CONSTRAINT "meeting_guests_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_guests" ADD CONSTRAINT "meeting_guests_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_resolutions" ADD CONSTRAINT "meeting_resolutions_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_committee_id_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."committees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subdistrict_centres" ADD CONSTRAINT "subdistrict_centres_subdistrict_code_subdistricts_code_fk" FOREIGN KEY ("subdistrict_code") REFERENCES "public"."subdistricts"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subdistrict_centres" ADD CONSTRAINT "subdistrict_centres_district_code_districts_code_fk" FOREIGN KEY ("district_code") REFERENCES "public"."districts"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subdistrict_centres" ADD CONSTRAINT "subdistrict_centres_province_code_provinces_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."provinces"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_trainings" ADD CONSTRAINT "volunteer_trainings_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_province_code_provinces_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."provinces"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_district_code_districts_code_fk" FOREIGN KEY ("district_code") REFERENCES "public"."districts"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_subdistrict_code_subdistricts_code_fk" FOREIGN KEY ("subdistrict_code") REFERENCES "public"."subdistricts"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "action_items_committee_due_idx" ON "action_items" USING btree ("committee_id","due_date");--> statement-breakpoint
CREATE INDEX "action_items_open_due_idx" ON "action_items" USING btree ("due_date") WHERE "action_items"."status" IN ('open', 'in_progress');--> statement-breakpoint
CREATE INDEX "action_items_meeting_idx" ON "action_items" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "appointment_orders_committee_idx" ON "appointment_orders" USING btree ("committee_id","order_date");--> statement-breakpoint
CREATE INDEX "border_centre_staff_centre_idx" ON "border_centre_staff" USING btree ("centre_id");--> statement-breakpoint
CREATE INDEX "border_centres_province_idx" ON "border_centres" USING btree ("province_code");--> statement-breakpoint
CREATE INDEX "committee_members_committee_idx" ON "committee_members" USING btree ("committee_id");--> statement-breakpoint
CREATE UNIQUE INDEX "committees_kind_province_key" ON "committees" USING btree ("kind","province_code") WHERE "committees"."kind" = 'provincial';--> statement-breakpoint
CREATE UNIQUE INDEX "committees_national_key" ON "committees" USING btree ("kind") WHERE "committees"."kind" IN ('national', 'coordinating');--> statement-breakpoint
CREATE INDEX "committees_secretariat_idx" ON "committees" USING btree ("secretariat_organisation_id");--> statement-breakpoint
CREATE INDEX "committees_province_idx" ON "committees" USING btree ("province_code");--> statement-breakpoint
CREATE INDEX "mdt_members_mdt_idx" ON "mdt_members" USING btree ("mdt_id");--> statement-breakpoint
CREATE INDEX "mdts_province_idx" ON "mdts" USING btree ("province_code");--> statement-breakpoint
CREATE INDEX "mdts_border_centre_idx" ON "mdts" USING btree ("border_centre_id");--> statement-breakpoint
CREATE INDEX "meeting_guests_meeting_idx" ON "meeting_guests" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "meetings_committee_idx" ON "meetings" USING btree ("committee_id","meeting_date");--> statement-breakpoint
CREATE UNIQUE INDEX "subdistrict_centres_subdistrict_key" ON "subdistrict_centres" USING btree ("subdistrict_code");--> statement-breakpoint
CREATE INDEX "subdistrict_centres_area_idx" ON "subdistrict_centres" USING btree ("province_code","district_code");--> statement-breakpoint
CREATE INDEX "volunteer_trainings_volunteer_idx" ON "volunteer_trainings" USING btree ("volunteer_id");--> statement-breakpoint
CREATE INDEX "volunteers_area_idx" ON "volunteers" USING btree ("province_code","district_code","subdistrict_code");