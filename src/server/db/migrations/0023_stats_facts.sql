CREATE TABLE "stats_case_facts" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"province_code" char(2) NOT NULL,
	"month" char(7) NOT NULL,
	"stage" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stats_cells" (
	"province_code" char(2) NOT NULL,
	"month" char(7) NOT NULL,
	"dim" text NOT NULL,
	"key" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "stats_cells_province_code_dim_month_key_pk" PRIMARY KEY("province_code","dim","month","key")
);
--> statement-breakpoint
CREATE TABLE "stats_dirty_cases" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stats_durations" (
	"cp_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"province_code" char(2) NOT NULL,
	"month" char(7) NOT NULL,
	"measure" text NOT NULL,
	"days" numeric NOT NULL,
	"bucket" smallint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stats_victim_facts" (
	"cp_id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"province_code" char(2) NOT NULL,
	"stage" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"opened_local" timestamp NOT NULL,
	"month" char(7) NOT NULL,
	"report_id" uuid,
	"person_key" text NOT NULL,
	"single" boolean NOT NULL,
	"status" text NOT NULL,
	"sex" text NOT NULL,
	"age" integer,
	"age_band" text NOT NULL,
	"age_group" text NOT NULL,
	"nationality" text NOT NULL,
	"industry" text NOT NULL,
	"exploitation_types" text[] NOT NULL,
	"identified_at" timestamp with time zone,
	"taken_into_care_at" timestamp with time zone,
	"custody_extended_until" timestamp with time zone,
	"report_to_screening" numeric,
	"screening_to_identification" numeric,
	"identification_to_first_service" numeric,
	"referral_days" numeric[] NOT NULL,
	"s29_due" timestamp with time zone,
	"services_delivered" text[] NOT NULL,
	"referral_statuses" text[] NOT NULL
);
--> statement-breakpoint
CREATE INDEX "stats_case_facts_cell_idx" ON "stats_case_facts" USING btree ("province_code","month");--> statement-breakpoint
CREATE INDEX "stats_cells_cell_idx" ON "stats_cells" USING btree ("province_code","month");--> statement-breakpoint
CREATE INDEX "stats_durations_case_idx" ON "stats_durations" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "stats_durations_cell_idx" ON "stats_durations" USING btree ("province_code","month");--> statement-breakpoint
CREATE INDEX "stats_victim_facts_case_idx" ON "stats_victim_facts" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "stats_victim_facts_cell_idx" ON "stats_victim_facts" USING btree ("province_code","month");--> statement-breakpoint
CREATE INDEX "stats_victim_facts_person_idx" ON "stats_victim_facts" USING btree ("person_key");--> statement-breakpoint
CREATE INDEX "stats_victim_facts_shared_idx" ON "stats_victim_facts" USING btree ("month") WHERE NOT "stats_victim_facts"."single";--> statement-breakpoint
CREATE INDEX "stats_victim_facts_open_clock_idx" ON "stats_victim_facts" USING btree ("s29_due") WHERE "stats_victim_facts"."identified_at" IS NULL;--> statement-breakpoint
-- Percentiles read the values of one bucket in order, with the range columns, from the index alone.
CREATE INDEX "stats_durations_bucket_idx" ON "stats_durations" ("measure", "bucket", "days") INCLUDE ("province_code", "month");
--> statement-breakpoint
-- Whatever writes the sources (the app, an import, the demo seed) queues the cases it touched; the stats
-- service re-derives them before it next reads. Statement triggers: a bulk write queues each case once per statement.
CREATE OR REPLACE FUNCTION stats_queue_case_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_dirty_cases (case_id) SELECT DISTINCT case_id FROM changed_rows;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stats_queue_cases() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_dirty_cases (case_id) SELECT id FROM changed_rows;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stats_queue_changed_cases() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_dirty_cases (case_id)
  SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id
   WHERE (o.province_code, o.opened_at, o.stage, o.exploitation_types, o.report_id)
         IS DISTINCT FROM (n.province_code, n.opened_at, n.stage, n.exploitation_types, n.report_id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stats_queue_changed_persons() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_dirty_cases (case_id)
  SELECT DISTINCT cp.case_id FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN case_persons cp ON cp.person_id = n.id
   WHERE (o.gender, o.birth_date, o.estimated_age, o.nationality, o.document_index, o.national_id_index)
         IS DISTINCT FROM (n.gender, n.birth_date, n.estimated_age, n.nationality, n.document_index, n.national_id_index);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER cases_stats_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_queue_cases();
--> statement-breakpoint
CREATE TRIGGER cases_stats_delete AFTER DELETE ON cases REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_queue_cases();
--> statement-breakpoint
CREATE TRIGGER cases_stats_update AFTER UPDATE ON cases REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_queue_changed_cases();
--> statement-breakpoint
CREATE TRIGGER persons_stats_update AFTER UPDATE ON persons REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_queue_changed_persons();
--> statement-breakpoint
CREATE TRIGGER case_persons_stats_insert AFTER INSERT ON case_persons REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_queue_case_rows();
--> statement-breakpoint
CREATE TRIGGER case_persons_stats_update AFTER UPDATE ON case_persons REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_queue_case_rows();
--> statement-breakpoint
CREATE TRIGGER case_persons_stats_delete AFTER DELETE ON case_persons REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_queue_case_rows();
--> statement-breakpoint
CREATE TRIGGER screenings_stats_insert AFTER INSERT ON screenings REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_queue_case_rows();
--> statement-breakpoint
CREATE TRIGGER screenings_stats_update AFTER UPDATE ON screenings REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_queue_case_rows();
--> statement-breakpoint
CREATE TRIGGER screenings_stats_delete AFTER DELETE ON screenings REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_queue_case_rows();
--> statement-breakpoint
CREATE TRIGGER case_services_stats_insert AFTER INSERT ON case_services REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_queue_case_rows();
--> statement-breakpoint
CREATE TRIGGER case_services_stats_update AFTER UPDATE ON case_services REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_queue_case_rows();
--> statement-breakpoint
CREATE TRIGGER case_services_stats_delete AFTER DELETE ON case_services REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_queue_case_rows();
--> statement-breakpoint
CREATE TRIGGER referrals_stats_insert AFTER INSERT ON referrals REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_queue_case_rows();
--> statement-breakpoint
CREATE TRIGGER referrals_stats_update AFTER UPDATE ON referrals REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_queue_case_rows();
--> statement-breakpoint
CREATE TRIGGER referrals_stats_delete AFTER DELETE ON referrals REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_queue_case_rows();
--> statement-breakpoint
INSERT INTO stats_dirty_cases (case_id) SELECT id FROM cases;
