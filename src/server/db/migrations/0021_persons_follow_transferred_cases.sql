-- A transfer of responsibility moved the case to the new centre but left its people in the people
-- register under the old centre and province, so the old centre could still read them there. Transfers
-- now move them (referrals.service.ts); this moves the people of cases transferred before.
UPDATE persons p
   SET organisation_id = c.organisation_id, province_code = c.province_code, version = p.version + 1, updated_at = now()
  FROM case_persons cp
  JOIN cases c ON c.id = cp.case_id
 WHERE p.id = cp.person_id
   AND (p.organisation_id IS DISTINCT FROM c.organisation_id OR p.province_code IS DISTINCT FROM c.province_code);
