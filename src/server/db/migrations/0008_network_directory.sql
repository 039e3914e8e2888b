CREATE TABLE "organisation_areas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"province_code" char(2) NOT NULL,
	"district_code" char(4),
	"subdistrict_code" char(6)
);
--> statement-breakpoint
CREATE TABLE "organisation_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"role" text,
	"office_phone" text,
	"mobile" text,
	"line_id" text,
	"email" text,
	"urgent24h" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organisation_services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"service" text NOT NULL,
	"accepts_sexes" text[] DEFAULT '{}'::text[] NOT NULL,
	"min_age" integer,
	"max_age" integer,
	"nationalities" text[] DEFAULT '{}'::text[] NOT NULL,
	"accepts_disability" boolean DEFAULT true NOT NULL,
	"capacity_total" integer,
	"capacity_free" integer,
	"capacity_updated_at" timestamp with time zone,
	"hours" text,
	"available24h" boolean DEFAULT false NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"notes" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "measures" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "address" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "latitude" double precision;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "longitude" double precision;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "search_text" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "organisation_areas" ADD CONSTRAINT "organisation_areas_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_areas" ADD CONSTRAINT "organisation_areas_province_code_provinces_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."provinces"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_areas" ADD CONSTRAINT "organisation_areas_district_code_districts_code_fk" FOREIGN KEY ("district_code") REFERENCES "public"."districts"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_areas" ADD CONSTRAINT "organisation_areas_subdistrict_code_subdistricts_code_fk" FOREIGN KEY ("subdistrict_code") REFERENCES "public"."subdistricts"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_contacts" ADD CONSTRAINT "organisation_contacts_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_services" ADD CONSTRAINT "organisation_services_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "organisation_areas_org_idx" ON "organisation_areas" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "organisation_areas_area_idx" ON "organisation_areas" USING btree ("province_code","district_code");--> statement-breakpoint
CREATE INDEX "organisation_contacts_org_idx" ON "organisation_contacts" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "organisation_services_org_idx" ON "organisation_services" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "organisation_services_service_idx" ON "organisation_services" USING btree ("service");--> statement-breakpoint
CREATE INDEX "organisations_search_trgm_idx" ON "organisations" USING gin ("search_text" gin_trgm_ops);