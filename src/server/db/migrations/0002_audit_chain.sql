-- Tamper-evident, append-only audit log (issue 2).
-- Each row's hash covers its content and the previous row's hash. The trigger takes a
-- transaction-scoped advisory lock so concurrent writers are chained in commit order,
-- and assigns `seq` after the lock (ids from the sequence are not in commit order).
CREATE OR REPLACE FUNCTION audit_entry_hash(
  p_prev text, p_seq bigint, p_at timestamptz, p_actor_user uuid, p_actor_token uuid, p_actor_org uuid,
  p_action text, p_target_type text, p_target_id text, p_request_id text, p_outcome text, p_details jsonb
) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(concat_ws(E'\x1f',
    coalesce(p_prev, ''), p_seq::text,
    to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    coalesce(p_actor_user::text, ''), coalesce(p_actor_token::text, ''), coalesce(p_actor_org::text, ''),
    p_action, coalesce(p_target_type, ''), coalesce(p_target_id, ''), coalesce(p_request_id, ''),
    p_outcome, p_details::text), 'UTF8')), 'hex')
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last_seq bigint;
  last_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(727275);
  SELECT seq, hash INTO last_seq, last_hash FROM audit_log WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1;
  NEW.seq := coalesce(last_seq, 0) + 1;
  NEW.prev_hash := last_hash;
  -- Microsecond precision is what both engines store; truncate before hashing.
  NEW.at := date_trunc('microseconds', NEW.at);
  NEW.hash := audit_entry_hash(NEW.prev_hash, NEW.seq, NEW.at, NEW.actor_user_id, NEW.actor_token_id,
    NEW.actor_organisation_id, NEW.action, NEW.target_type, NEW.target_id, NEW.request_id, NEW.outcome, NEW.details);
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
