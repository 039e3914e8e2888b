DROP INDEX "persons_name_grams_idx";--> statement-breakpoint
CREATE INDEX "cases_org_province_idx" ON "cases" USING btree ("organisation_id","province_code");--> statement-breakpoint
-- The name search (issue 5) looks people up by the keyed hashes of their name's trigrams. Each gram is
-- indexed twice: as it is (the nation's postings) and prefixed with the person's province (a person is in
-- the province of their case: cases.persons.ts and the transfer keep it so), so a provincial officer's
-- search reads only its province's postings. Grams are 12 characters, prefixed ones 14: they cannot meet.
-- A tsvector, not a text[]: a tsquery can ask for two of a set of grams inside the index
-- ((a & b) | (a & c) | …), which rejects most people who share one common syllable before any row is read.
CREATE FUNCTION person_name_lexemes(province char(2), grams text[]) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT array_to_tsvector(grams || array(SELECT coalesce(province, '00') || g FROM unnest(grams) g)) $$;
--> statement-breakpoint
CREATE INDEX "persons_name_lexemes_idx" ON "persons" USING gin (person_name_lexemes("province_code", "name_grams"));
