CREATE TABLE "service_coverage" (
	"service_id" uuid NOT NULL,
	"province_code" char(2) NOT NULL,
	"organisation_id" uuid NOT NULL,
	"service" text NOT NULL,
	"accepts_sexes" text[] NOT NULL,
	"min_age" integer,
	"max_age" integer,
	CONSTRAINT "service_coverage_service_id_province_code_pk" PRIMARY KEY("service_id","province_code")
);
--> statement-breakpoint
DROP INDEX "organisations_search_trgm_idx";--> statement-breakpoint
DROP INDEX "organisations_area_provinces_idx";--> statement-breakpoint
ALTER TABLE "service_coverage" ADD CONSTRAINT "service_coverage_service_id_organisation_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."organisation_services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "service_coverage_org_idx" ON "service_coverage" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "organisations_search_trgm_idx" ON "organisations" USING gin ("search_text" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "organisations_area_provinces_idx" ON "organisations" USING gin ("area_provinces") WITH (fastupdate=false);