ALTER TABLE "papers" ADD COLUMN "active_signature_id" uuid;--> statement-breakpoint
ALTER TABLE "papers" ADD CONSTRAINT "papers_active_signature_id_signatures_id_fk" FOREIGN KEY ("active_signature_id") REFERENCES "public"."signatures"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
-- papers.active_signature_id: the paper's unvoided signature, so that a volume's lists and counts
-- read papers alone instead of joining every signature with an anti-join on its voids (on 50,000
-- papers that join cost hundreds of milliseconds per count). Signatures and voids stay the
-- evidence; this column is derived from them. The portal sets it in the transaction that inserts
-- the signature or the void (the evidence DDL guard refuses triggers on evidence tables), and the
-- trigger below refuses any value the evidence does not give (docs/decisions/011).
UPDATE papers p SET active_signature_id = s.id
  FROM signatures s
  WHERE s.paper_id = p.id AND NOT EXISTS (SELECT 1 FROM signature_voids v WHERE v.signature_id = s.id);--> statement-breakpoint
CREATE FUNCTION check_active_signature() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.active_signature_id IS NOT DISTINCT FROM OLD.active_signature_id THEN
    RETURN NEW;
  END IF;
  IF NEW.active_signature_id IS NULL THEN
    IF TG_OP = 'UPDATE' AND NOT EXISTS (SELECT 1 FROM signature_voids v WHERE v.signature_id = OLD.active_signature_id) THEN
      RAISE EXCEPTION 'paper %: its active signature % is not voided', NEW.id, OLD.active_signature_id
        USING ERRCODE = 'check_violation';
    END IF;
  ELSIF NOT EXISTS (
    SELECT 1 FROM signatures s
    WHERE s.id = NEW.active_signature_id AND s.paper_id = NEW.id
      AND NOT EXISTS (SELECT 1 FROM signature_voids v WHERE v.signature_id = s.id)
  ) THEN
    RAISE EXCEPTION 'paper %: % is not an unvoided signature of this paper', NEW.id, NEW.active_signature_id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER papers_check_active_signature BEFORE INSERT OR UPDATE OF active_signature_id ON papers
  FOR EACH ROW EXECUTE FUNCTION check_active_signature();
