-- organisations.area_provinces / area_districts: the partner's own province plus its organisation_areas,
-- kept current by the database whatever writes them (the app, an import, a restore, an administrator's SQL).
CREATE OR REPLACE FUNCTION organisation_area_arrays_refresh(org uuid) RETURNS void LANGUAGE sql AS $$
  UPDATE organisations o SET
    area_provinces = coalesce((SELECT array_agg(DISTINCT p ORDER BY p) FROM (
        SELECT o.province_code::text AS p WHERE o.province_code IS NOT NULL
        UNION SELECT a.province_code::text FROM organisation_areas a WHERE a.organisation_id = org) x), '{}'),
    area_districts = coalesce((SELECT array_agg(DISTINCT a.district_code::text ORDER BY a.district_code::text)
        FROM organisation_areas a WHERE a.organisation_id = org AND a.district_code IS NOT NULL), '{}')
  WHERE o.id = org
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION organisation_areas_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM organisation_area_arrays_refresh(OLD.organisation_id); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM organisation_area_arrays_refresh(NEW.organisation_id); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER organisation_areas_arrays AFTER INSERT OR UPDATE OR DELETE ON organisation_areas
  FOR EACH ROW EXECUTE FUNCTION organisation_areas_changed();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION organisation_province_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM organisation_area_arrays_refresh(NEW.id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER organisations_area_arrays AFTER INSERT OR UPDATE OF province_code ON organisations
  FOR EACH ROW EXECUTE FUNCTION organisation_province_changed();
--> statement-breakpoint
UPDATE organisations SET area_provinces = CASE WHEN province_code IS NULL THEN '{}' ELSE ARRAY[province_code::text] END;
--> statement-breakpoint
SELECT organisation_area_arrays_refresh(organisation_id) FROM (SELECT DISTINCT organisation_id FROM organisation_areas) x;
