-- Session cache invalidation (platform/auth/session-cache.ts): any change to who a session is and
-- what it may do tells every server instance through NOTIFY, with the user id or '*' for everyone.
-- last_seen_at refreshes are left out (they happen every minute and change no rights), except when the
-- time is moved back, which can end a session.
CREATE OR REPLACE FUNCTION auth_changed_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  who text;
  rec record;
BEGIN
  IF TG_OP = 'DELETE' THEN rec := OLD; ELSE rec := NEW; END IF;
  IF TG_TABLE_NAME = 'organisations' THEN
    who := '*';
  ELSIF TG_TABLE_NAME = 'users' THEN
    who := rec.id::text;
  ELSE
    who := rec.user_id::text;
  END IF;
  PERFORM pg_notify('phakhi_auth_changed', who);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER sessions_auth_changed AFTER UPDATE ON sessions FOR EACH ROW
  WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.mfa_passed IS DISTINCT FROM NEW.mfa_passed
        OR OLD.expires_at IS DISTINCT FROM NEW.expires_at OR NEW.last_seen_at < OLD.last_seen_at
        OR OLD.user_id IS DISTINCT FROM NEW.user_id OR OLD.token_hash IS DISTINCT FROM NEW.token_hash)
  EXECUTE FUNCTION auth_changed_notify();
--> statement-breakpoint
CREATE TRIGGER sessions_auth_deleted AFTER DELETE ON sessions FOR EACH ROW EXECUTE FUNCTION auth_changed_notify();
--> statement-breakpoint
CREATE TRIGGER users_auth_changed AFTER UPDATE OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION auth_changed_notify();
--> statement-breakpoint
CREATE TRIGGER user_roles_auth_changed AFTER INSERT OR UPDATE OR DELETE ON user_roles FOR EACH ROW EXECUTE FUNCTION auth_changed_notify();
--> statement-breakpoint
CREATE TRIGGER organisations_auth_changed AFTER UPDATE OR DELETE ON organisations FOR EACH ROW EXECUTE FUNCTION auth_changed_notify();
