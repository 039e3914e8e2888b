-- Triage queue across every province queue (national roles with no province filter): open reports,
-- urgent first, then the oldest. reports_queue_idx leads with routed_province_code, so without a
-- province PostgreSQL sorted every open report (seq scan + top-N sort: 210 ms for 72,000 open reports
-- on PGlite, bench/RESULTS.md reports-queue). NULLS LAST matches the repository's ORDER BY
-- (urgent is NOT NULL; drizzle writes .desc() indexes as DESC NULLS LAST). Declared here only, not in
-- schema/reports.ts, so no later `drizzle-kit generate` emits it a second time.
CREATE INDEX IF NOT EXISTS "reports_open_queue_idx" ON "reports" USING btree ("urgent" DESC NULLS LAST, "created_at", "id") WHERE "closed_at" IS NULL;
