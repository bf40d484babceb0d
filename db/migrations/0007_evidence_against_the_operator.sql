ALTER TYPE "public"."email_kind" ADD VALUE 'evidence_checkpoint';--> statement-breakpoint
CREATE TABLE "evidence_checkpoints" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "evidence_checkpoints_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"audit_count" bigint NOT NULL,
	"audit_head_hash" text NOT NULL,
	"signature_count" integer NOT NULL,
	"signatures_hash" text NOT NULL,
	"document" text NOT NULL,
	"seal" text NOT NULL,
	"seal_key_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "paper_import_applications" (
	"import_id" uuid PRIMARY KEY NOT NULL,
	"applied_by_user_id" text NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "signatures" ALTER COLUMN "seal" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "signatures" ALTER COLUMN "seal_key_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "signatures" ALTER COLUMN "pdf_sha256" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "seal" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "seal_key_id" text;--> statement-breakpoint
ALTER TABLE "signature_documents" ADD COLUMN "seal" text;--> statement-breakpoint
ALTER TABLE "signature_documents" ADD COLUMN "seal_key_id" text;--> statement-breakpoint
ALTER TABLE "signatures" ADD COLUMN "record_format" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "signatures" ADD COLUMN "forwarded_for_claimed" text;--> statement-breakpoint
ALTER TABLE "paper_import_applications" ADD CONSTRAINT "paper_import_applications_import_id_paper_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."paper_imports"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_import_applications" ADD CONSTRAINT "paper_import_applications_applied_by_user_id_users_id_fk" FOREIGN KEY ("applied_by_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
-- An import's application moves to its own insert-only table, so paper_imports can be too.
INSERT INTO "paper_import_applications" ("import_id", "applied_by_user_id", "applied_at")
  SELECT "id", "uploaded_by_user_id", "applied_at" FROM "paper_imports" WHERE "applied_at" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "paper_imports" DROP COLUMN "applied_at";--> statement-breakpoint
ALTER TABLE "signatures" ADD CONSTRAINT "signatures_pdf_sha256_hex" CHECK ("signatures"."pdf_sha256" ~ '^[0-9a-f]{64}$');--> statement-breakpoint
ALTER TABLE "signatures" ADD CONSTRAINT "signatures_record_format" CHECK ("signatures"."record_format" in (1, 2));
--> statement-breakpoint
-- Documents and audit events written from now on carry a seal (older rows keep none: NOT VALID
-- leaves them be, every new row is checked). A stored PDF must hash to what it claims, and to the
-- hash in its signature's sealed record.
ALTER TABLE "signature_documents" ADD CONSTRAINT "signature_documents_sealed"
  CHECK ("seal" IS NOT NULL AND "seal_key_id" IS NOT NULL) NOT VALID;
--> statement-breakpoint
ALTER TABLE "signature_documents" ADD CONSTRAINT "signature_documents_pdf_sha256_matches"
  CHECK ("pdf_sha256" = encode(sha256("pdf"), 'hex'));
--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_sealed"
  CHECK ("seal" IS NOT NULL AND "seal_key_id" IS NOT NULL) NOT VALID;
--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_hash_hex" CHECK ("hash" ~ '^[0-9a-f]{64}$' AND "prev_hash" ~ '^[0-9a-f]{64}$');
--> statement-breakpoint
-- Rows the application would never write are refused: an audit event that does not continue the
-- chain, a signature that follows a void of another paper, a document whose hash is not its
-- signature's.
CREATE FUNCTION check_evidence_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  last_sequence bigint;
  last_hash text;
  voided_paper uuid;
  recorded_hash text;
BEGIN
  IF TG_TABLE_NAME = 'audit_events' THEN
    SELECT sequence, hash INTO last_sequence, last_hash FROM audit_events ORDER BY sequence DESC LIMIT 1;
    IF NEW.sequence IS DISTINCT FROM coalesce(last_sequence, 0) + 1
       OR NEW.prev_hash IS DISTINCT FROM coalesce(last_hash, repeat('0', 64)) THEN
      RAISE EXCEPTION 'audit event % does not continue the chain (expected sequence %)', NEW.sequence, coalesce(last_sequence, 0) + 1
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
  ELSIF TG_TABLE_NAME = 'signatures' THEN
    IF NEW.replaces_void_id IS NOT NULL THEN
      SELECT s.paper_id INTO voided_paper FROM signature_voids v JOIN signatures s ON s.id = v.signature_id
        WHERE v.id = NEW.replaces_void_id;
      IF voided_paper IS DISTINCT FROM NEW.paper_id THEN
        RAISE EXCEPTION 'a signature can only follow a void of a signature of the same paper'
          USING ERRCODE = 'integrity_constraint_violation';
      END IF;
    END IF;
  ELSIF TG_TABLE_NAME = 'signature_documents' THEN
    SELECT pdf_sha256 INTO recorded_hash FROM signatures WHERE id = NEW.signature_id;
    IF recorded_hash IS DISTINCT FROM NEW.pdf_sha256 THEN
      RAISE EXCEPTION 'the document''s hash is not the one its signature records'
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_continue_chain BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION check_evidence_insert();
--> statement-breakpoint
CREATE TRIGGER signatures_check_insert BEFORE INSERT ON signatures
  FOR EACH ROW EXECUTE FUNCTION check_evidence_insert();
--> statement-breakpoint
CREATE TRIGGER signature_documents_check_insert BEFORE INSERT ON signature_documents
  FOR EACH ROW EXECUTE FUNCTION check_evidence_insert();
--> statement-breakpoint
CREATE TRIGGER evidence_checkpoints_immutable BEFORE UPDATE OR DELETE ON evidence_checkpoints
  FOR EACH ROW EXECUTE FUNCTION reject_evidence_change();
--> statement-breakpoint
CREATE TRIGGER evidence_checkpoints_no_truncate BEFORE TRUNCATE ON evidence_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION reject_evidence_change();
--> statement-breakpoint
CREATE TRIGGER paper_import_applications_immutable BEFORE UPDATE OR DELETE ON paper_import_applications
  FOR EACH ROW EXECUTE FUNCTION reject_evidence_change();
--> statement-breakpoint
-- The app role may grant admin rights or volume editing only as the admin actions do: with the
-- audit event that records it (checked at commit, so the order within the transaction does not
-- matter). Owners and superusers (migrations, operators' scripts) are not held to it.
CREATE FUNCTION check_role_change_recorded() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  last_action text;
BEGIN
  IF NOT pg_has_role(current_user, 'agreement_portal_app', 'MEMBER')
     OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    RETURN NULL;
  END IF;
  IF TG_TABLE_NAME = 'users' THEN
    IF TG_OP = 'UPDATE' AND NEW.role IS NOT DISTINCT FROM OLD.role THEN RETURN NULL; END IF;
    IF TG_OP = 'INSERT' AND NEW.role = 'author' THEN RETURN NULL; END IF;
    SELECT action INTO last_action FROM audit_events
      WHERE action IN ('admin.granted', 'admin.revoked') AND details->>'userId' = NEW.id
      ORDER BY sequence DESC LIMIT 1;
    IF (NEW.role = 'admin') IS DISTINCT FROM (last_action IS NOT DISTINCT FROM 'admin.granted') THEN
      RAISE EXCEPTION 'a change of role needs the admin action that records it (user %)', NEW.id
        USING ERRCODE = 'insufficient_privilege';
    END IF;
  ELSE
    SELECT action INTO last_action FROM audit_events
      WHERE action IN ('editor.added', 'editor.removed')
        AND details->>'editorUserId' = (CASE WHEN TG_OP = 'DELETE' THEN OLD.user_id ELSE NEW.user_id END)
        AND volume_id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.volume_id ELSE NEW.volume_id END)
      ORDER BY sequence DESC LIMIT 1;
    IF last_action IS DISTINCT FROM (CASE WHEN TG_OP = 'DELETE' THEN 'editor.removed' ELSE 'editor.added' END) THEN
      RAISE EXCEPTION 'a change of volume editors needs the admin action that records it'
        USING ERRCODE = 'insufficient_privilege';
    END IF;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER users_role_change_recorded AFTER INSERT OR UPDATE OF role ON users
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION check_role_change_recorded();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER volume_editors_change_recorded AFTER INSERT OR DELETE ON volume_editors
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION check_role_change_recorded();
--> statement-breakpoint
-- ENABLE ALWAYS: session_replication_role = replica (which skips ordinary triggers, for
-- replication) does not skip these.
ALTER TABLE signatures ENABLE ALWAYS TRIGGER signatures_immutable;
--> statement-breakpoint
ALTER TABLE signatures ENABLE ALWAYS TRIGGER signatures_no_truncate;
--> statement-breakpoint
ALTER TABLE signatures ENABLE ALWAYS TRIGGER signatures_check_insert;
--> statement-breakpoint
ALTER TABLE signature_voids ENABLE ALWAYS TRIGGER signature_voids_immutable;
--> statement-breakpoint
ALTER TABLE signature_voids ENABLE ALWAYS TRIGGER signature_voids_no_truncate;
--> statement-breakpoint
ALTER TABLE signature_documents ENABLE ALWAYS TRIGGER signature_documents_immutable;
--> statement-breakpoint
ALTER TABLE signature_documents ENABLE ALWAYS TRIGGER signature_documents_no_truncate;
--> statement-breakpoint
ALTER TABLE signature_documents ENABLE ALWAYS TRIGGER signature_documents_check_insert;
--> statement-breakpoint
ALTER TABLE audit_events ENABLE ALWAYS TRIGGER audit_events_immutable;
--> statement-breakpoint
ALTER TABLE audit_events ENABLE ALWAYS TRIGGER audit_events_no_truncate;
--> statement-breakpoint
ALTER TABLE audit_events ENABLE ALWAYS TRIGGER audit_events_continue_chain;
--> statement-breakpoint
ALTER TABLE seal_keys ENABLE ALWAYS TRIGGER seal_keys_immutable;
--> statement-breakpoint
ALTER TABLE seal_keys ENABLE ALWAYS TRIGGER seal_keys_no_truncate;
--> statement-breakpoint
ALTER TABLE agreement_templates ENABLE ALWAYS TRIGGER agreement_templates_immutable;
--> statement-breakpoint
ALTER TABLE evidence_checkpoints ENABLE ALWAYS TRIGGER evidence_checkpoints_immutable;
--> statement-breakpoint
ALTER TABLE evidence_checkpoints ENABLE ALWAYS TRIGGER evidence_checkpoints_no_truncate;
--> statement-breakpoint
ALTER TABLE paper_import_applications ENABLE ALWAYS TRIGGER paper_import_applications_immutable;
--> statement-breakpoint
ALTER TABLE users ENABLE ALWAYS TRIGGER users_role_change_recorded;
--> statement-breakpoint
ALTER TABLE volume_editors ENABLE ALWAYS TRIGGER volume_editors_change_recorded;
--> statement-breakpoint
-- Privileges: paper_imports becomes insert-only for the app; applications and checkpoints too.
DO $$
BEGIN
  REVOKE ALL ON paper_imports, paper_import_applications, evidence_checkpoints FROM PUBLIC;
  REVOKE UPDATE, DELETE, TRUNCATE ON paper_imports FROM agreement_portal_app;
  GRANT SELECT, INSERT ON paper_imports, paper_import_applications, evidence_checkpoints TO agreement_portal_app;
  GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO agreement_portal_app;
END;
$$;
--> statement-breakpoint
-- An event trigger refuses ALTER (including DISABLE TRIGGER), DROP and CREATE OR REPLACE of the
-- evidence tables, their triggers and the trigger functions, for every role. Only a superuser
-- may create one: the migration installs it when it runs as one, and a superuser can install
-- it later with SELECT install_evidence_ddl_guard(). A later migration that must alter an
-- evidence table disables it around that change (ALTER EVENT TRIGGER … DISABLE/ENABLE).
CREATE FUNCTION refuse_evidence_ddl() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
  r record;
  protected constant text := '(^|[ .])(public\.)?(signatures|signature_voids|signature_documents|audit_events|seal_keys|agreement_templates|evidence_checkpoints|paper_imports|paper_import_applications)($|[ .(])';
  protected_functions constant text := '^public\.(reject_evidence_change|reject_agreement_template_change|check_evidence_insert|check_role_change_recorded|refuse_evidence_ddl)\(';
BEGIN
  IF TG_EVENT = 'sql_drop' THEN
    FOR r IN SELECT * FROM pg_event_trigger_dropped_objects() LOOP
      IF NOT r.is_temporary AND (r.object_identity ~ protected OR r.object_identity ~ protected_functions) THEN
        RAISE EXCEPTION '% is evidence or guards it: it cannot be dropped', r.object_identity
          USING ERRCODE = 'insufficient_privilege';
      END IF;
    END LOOP;
  ELSE
    FOR r IN SELECT * FROM pg_event_trigger_ddl_commands() LOOP
      IF r.object_identity ~ protected OR r.object_identity ~ protected_functions THEN
        RAISE EXCEPTION '% is evidence or guards it: % refused', r.object_identity, r.command_tag
          USING ERRCODE = 'insufficient_privilege';
      END IF;
    END LOOP;
  END IF;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION install_evidence_ddl_guard() RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    RAISE NOTICE 'evidence DDL guard not installed: only a superuser can create event triggers';
    RETURN false;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtname = 'evidence_ddl_guard') THEN
    CREATE EVENT TRIGGER evidence_ddl_guard ON ddl_command_end EXECUTE FUNCTION refuse_evidence_ddl();
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtname = 'evidence_drop_guard') THEN
    CREATE EVENT TRIGGER evidence_drop_guard ON sql_drop EXECUTE FUNCTION refuse_evidence_ddl();
  END IF;
  -- Also when session_replication_role = replica.
  ALTER EVENT TRIGGER evidence_ddl_guard ENABLE ALWAYS;
  ALTER EVENT TRIGGER evidence_drop_guard ENABLE ALWAYS;
  RETURN true;
END;
$$;
--> statement-breakpoint
SELECT install_evidence_ddl_guard();
--> statement-breakpoint
-- The checkpoint queue: written on a schedule and after every N audit events; singleton, so two
-- requests at once make one checkpoint.
SELECT pgboss.create_queue('checkpoints', '{"policy":"singleton","retryLimit":3,"retryDelay":60,"retryBackoff":true,"expireInSeconds":900,"retentionMinutes":10080}');
