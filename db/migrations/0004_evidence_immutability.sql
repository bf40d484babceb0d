-- Evidence is only ever inserted. A voided signature gets a row in signature_voids; nothing
-- is edited or deleted. Triggers refuse UPDATE, DELETE and TRUNCATE for every role,
-- including the owner (who can only get past them by disabling the trigger, a visible act).
CREATE FUNCTION reject_evidence_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is evidence: rows cannot be changed or deleted (% refused)', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER signatures_immutable BEFORE UPDATE OR DELETE ON signatures
  FOR EACH ROW EXECUTE FUNCTION reject_evidence_change();
--> statement-breakpoint
CREATE TRIGGER signatures_no_truncate BEFORE TRUNCATE ON signatures
  FOR EACH STATEMENT EXECUTE FUNCTION reject_evidence_change();
--> statement-breakpoint
CREATE TRIGGER signature_voids_immutable BEFORE UPDATE OR DELETE ON signature_voids
  FOR EACH ROW EXECUTE FUNCTION reject_evidence_change();
--> statement-breakpoint
CREATE TRIGGER signature_voids_no_truncate BEFORE TRUNCATE ON signature_voids
  FOR EACH STATEMENT EXECUTE FUNCTION reject_evidence_change();
--> statement-breakpoint
CREATE TRIGGER signature_documents_immutable BEFORE UPDATE OR DELETE ON signature_documents
  FOR EACH ROW EXECUTE FUNCTION reject_evidence_change();
--> statement-breakpoint
CREATE TRIGGER signature_documents_no_truncate BEFORE TRUNCATE ON signature_documents
  FOR EACH STATEMENT EXECUTE FUNCTION reject_evidence_change();
--> statement-breakpoint
CREATE TRIGGER audit_events_immutable BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION reject_evidence_change();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION reject_evidence_change();
--> statement-breakpoint
-- Privileges: the role the portal should run as in production (see README) may read and
-- insert evidence but holds no UPDATE, DELETE or TRUNCATE on it, so even with a trigger
-- disabled the application's own connection cannot rewrite history. Roles are cluster-wide,
-- so several databases migrating at once may race to create it.
DO $$
BEGIN
  BEGIN
    CREATE ROLE agreement_portal_app NOLOGIN;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
  END;
  REVOKE ALL ON signatures, signature_voids, signature_documents, audit_events FROM PUBLIC;
  REVOKE ALL ON signatures, signature_voids, signature_documents, audit_events FROM agreement_portal_app;
  GRANT SELECT, INSERT ON signatures, signature_voids, signature_documents, audit_events TO agreement_portal_app;
  GRANT SELECT, INSERT, UPDATE, DELETE ON users, accounts, sessions, verification_tokens, volumes, papers,
    paper_authors, agreement_templates, paper_imports TO agreement_portal_app;
  GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO agreement_portal_app;
END;
$$;
