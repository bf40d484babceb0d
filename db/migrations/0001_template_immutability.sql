-- An agreement version is evidence: signatures refer to it by number and record the hash of
-- its rendered text, so its text must never change. A new text is a new version.
CREATE FUNCTION reject_agreement_template_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'agreement template versions are immutable (% on version %)', TG_OP, OLD.version
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER agreement_templates_immutable
  BEFORE UPDATE OR DELETE ON agreement_templates
  FOR EACH ROW EXECUTE FUNCTION reject_agreement_template_change();
