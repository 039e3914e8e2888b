ALTER TABLE "organisations" ADD COLUMN "area_provinces" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "area_districts" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
CREATE INDEX "organisations_search_gist_idx" ON "organisations" USING gist ("search_text" gist_trgm_ops);--> statement-breakpoint
CREATE INDEX "organisations_area_provinces_idx" ON "organisations" USING gin ("area_provinces");