-- service_coverage: one row per service of an active partner and province in the partner's area_provinces,
-- kept here whatever writes organisation_services or organisations (the app, an import, an administrator's
-- SQL). Deleting a service removes its rows through the foreign key (ON DELETE CASCADE).
CREATE OR REPLACE FUNCTION service_coverage_services_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO service_coverage (service_id, province_code, organisation_id, service, accepts_sexes, min_age, max_age)
  SELECT n.id, p, n.organisation_id, n.service, n.accepts_sexes, n.min_age, n.max_age
    FROM added_services n JOIN organisations o ON o.id = n.organisation_id AND o.active, unnest(o.area_provinces) AS p;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER organisation_services_coverage_insert AFTER INSERT ON organisation_services
  REFERENCING NEW TABLE AS added_services FOR EACH STATEMENT EXECUTE FUNCTION service_coverage_services_added();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION service_coverage_service_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM service_coverage WHERE service_id = OLD.id;
  INSERT INTO service_coverage (service_id, province_code, organisation_id, service, accepts_sexes, min_age, max_age)
  SELECT NEW.id, p, NEW.organisation_id, NEW.service, NEW.accepts_sexes, NEW.min_age, NEW.max_age
    FROM organisations o, unnest(o.area_provinces) AS p
   WHERE o.id = NEW.organisation_id AND o.active;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Capacity and hours change often and do not move a service in the matrix: only these columns do.
CREATE TRIGGER organisation_services_coverage_update AFTER UPDATE OF organisation_id, service, accepts_sexes, min_age, max_age ON organisation_services
  FOR EACH ROW WHEN (OLD.organisation_id IS DISTINCT FROM NEW.organisation_id OR OLD.service IS DISTINCT FROM NEW.service
    OR OLD.accepts_sexes IS DISTINCT FROM NEW.accepts_sexes OR OLD.min_age IS DISTINCT FROM NEW.min_age OR OLD.max_age IS DISTINCT FROM NEW.max_age)
  EXECUTE FUNCTION service_coverage_service_changed();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION service_coverage_partner_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM service_coverage WHERE organisation_id = NEW.id;
  IF NEW.active THEN
    INSERT INTO service_coverage (service_id, province_code, organisation_id, service, accepts_sexes, min_age, max_age)
    SELECT s.id, p, s.organisation_id, s.service, s.accepts_sexes, s.min_age, s.max_age
      FROM organisation_services s, unnest(NEW.area_provinces) AS p
     WHERE s.organisation_id = NEW.id;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- area_provinces is itself kept by the partner_area_arrays triggers (0011), so new or removed areas arrive here too.
CREATE TRIGGER organisations_coverage AFTER UPDATE OF area_provinces, active ON organisations
  FOR EACH ROW WHEN (OLD.area_provinces IS DISTINCT FROM NEW.area_provinces OR OLD.active IS DISTINCT FROM NEW.active)
  EXECUTE FUNCTION service_coverage_partner_changed();
--> statement-breakpoint
INSERT INTO service_coverage (service_id, province_code, organisation_id, service, accepts_sexes, min_age, max_age)
SELECT s.id, p, s.organisation_id, s.service, s.accepts_sexes, s.min_age, s.max_age
  FROM organisation_services s JOIN organisations o ON o.id = s.organisation_id AND o.active, unnest(o.area_provinces) AS p;
