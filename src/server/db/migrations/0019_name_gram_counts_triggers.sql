-- name_gram_counts: how many persons hold each name gram, kept here whatever writes persons (the app, the
-- demo seed, a bulk load). Statement triggers with transition tables: a bulk insert updates each gram once.
-- Rows are applied in gram order, so two transactions adding persons lock shared grams in the same order.
CREATE OR REPLACE FUNCTION name_gram_counts_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO name_gram_counts (gram, persons)
  SELECT g, count(*)::int FROM added_persons, unnest(added_persons.name_grams) AS g GROUP BY g ORDER BY g
  ON CONFLICT (gram) DO UPDATE SET persons = name_gram_counts.persons + excluded.persons;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER persons_name_gram_counts_insert AFTER INSERT ON persons
  REFERENCING NEW TABLE AS added_persons FOR EACH STATEMENT EXECUTE FUNCTION name_gram_counts_added();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION name_gram_counts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO name_gram_counts (gram, persons)
  SELECT g, sum(d)::int FROM (
      SELECT unnest(o.name_grams) AS g, -1 AS d FROM before_persons o JOIN after_persons n ON n.id = o.id
       WHERE o.name_grams IS DISTINCT FROM n.name_grams
      UNION ALL
      SELECT unnest(n.name_grams), 1 FROM before_persons o JOIN after_persons n ON n.id = o.id
       WHERE o.name_grams IS DISTINCT FROM n.name_grams
    ) changes
   GROUP BY g HAVING sum(d) <> 0 ORDER BY g
  ON CONFLICT (gram) DO UPDATE SET persons = name_gram_counts.persons + excluded.persons;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER persons_name_gram_counts_update AFTER UPDATE ON persons
  REFERENCING OLD TABLE AS before_persons NEW TABLE AS after_persons FOR EACH STATEMENT EXECUTE FUNCTION name_gram_counts_changed();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION name_gram_counts_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE name_gram_counts c SET persons = c.persons - r.n
    FROM (SELECT g, count(*)::int AS n FROM removed_persons, unnest(removed_persons.name_grams) AS g GROUP BY g ORDER BY g) r
   WHERE c.gram = r.g;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER persons_name_gram_counts_delete AFTER DELETE ON persons
  REFERENCING OLD TABLE AS removed_persons FOR EACH STATEMENT EXECUTE FUNCTION name_gram_counts_removed();
--> statement-breakpoint
INSERT INTO name_gram_counts (gram, persons)
SELECT g, count(*)::int FROM persons, unnest(persons.name_grams) AS g GROUP BY g;
