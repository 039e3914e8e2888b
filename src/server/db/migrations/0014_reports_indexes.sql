DROP INDEX "reports_description_trgm_idx";--> statement-breakpoint
DROP INDEX "reports_contact_phone_idx";--> statement-breakpoint
DROP INDEX "reports_contact_line_idx";--> statement-breakpoint
CREATE INDEX "reports_province_order_idx" ON "reports" USING btree ("routed_province_code","urgent" DESC NULLS LAST,"created_at","id");--> statement-breakpoint
CREATE INDEX "reports_order_idx" ON "reports" USING btree ("urgent" DESC NULLS LAST,"created_at","id");--> statement-breakpoint
CREATE INDEX "reports_duplicate_search_idx" ON "reports" USING gin ((ARRAY[(coalesce("routed_province_code"::text, '') || '/' || (("created_at" AT TIME ZONE 'UTC')::date - DATE '2000-01-01')::text)]),"description_segmented" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "reports_open_counts_idx" ON "reports" USING btree ("routed_province_code","urgent") WHERE "reports"."closed_at" IS NULL;--> statement-breakpoint
CREATE INDEX "reports_ack_clock_idx" ON "reports" USING btree ("routed_province_code","ack_due_at") WHERE "reports"."closed_at" IS NULL AND "reports"."acknowledged_at" IS NULL AND "reports"."ack_due_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "reports_action_clock_idx" ON "reports" USING btree ("routed_province_code","action_due_at") WHERE "reports"."closed_at" IS NULL AND "reports"."actioned_at" IS NULL AND "reports"."action_due_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "reports_contact_phone_idx" ON "reports" USING btree ("contact_phone_index","created_at") WHERE "reports"."contact_phone_index" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "reports_contact_line_idx" ON "reports" USING btree ("contact_line_index","created_at") WHERE "reports"."contact_line_index" IS NOT NULL;