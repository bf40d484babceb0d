-- papers_volume_state_idx loses the paper id it carried for the "never invited" anti-join, which
-- now reads papers_never_invited_idx (below).
DROP INDEX "papers_volume_state_idx";--> statement-breakpoint
ALTER TABLE "papers" ADD COLUMN "live_invitations" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "papers_never_invited_idx" ON "papers" USING btree ("volume_id","id") WHERE "papers"."status" = 'accepted' and "papers"."active_signature_id" is null and "papers"."live_invitations" = 0;--> statement-breakpoint
CREATE INDEX "papers_volume_state_idx" ON "papers" USING btree ("volume_id","status","active_signature_id");--> statement-breakpoint
ALTER TABLE "papers" ADD CONSTRAINT "papers_live_invitations_not_negative" CHECK ("papers"."live_invitations" >= 0);--> statement-breakpoint
-- papers.live_invitations: how many invitations in the email log name the paper and still count
-- (not cancelled or failed), so that "never invited" is read from the paper's row. Counted from
-- the email log with an anti-join, it hashed every invitation of every volume on each view of a
-- volume page (140 ms with 75,000 invitations). The email log stays the record; this column is
-- derived from it and kept by the triggers below, in the transaction that writes the log
-- (docs/decisions/012).
UPDATE papers p SET live_invitations = c.n
  FROM (
    SELECT ep.paper_id, count(*)::int AS n
    FROM email_papers ep JOIN emails e ON e.id = ep.email_id
    WHERE e.kind = 'invitation' AND e.state NOT IN ('cancelled', 'failed')
    GROUP BY ep.paper_id
  ) c
  WHERE c.paper_id = p.id;--> statement-breakpoint
-- A paper named by an email (or, by the owner, no longer): counts if the email is a live invitation.
-- When an email is deleted its links go by cascade after it, and find no email: the email's own
-- trigger has counted them down already.
CREATE FUNCTION count_invitation_link() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  link email_papers := CASE WHEN TG_OP = 'INSERT' THEN NEW ELSE OLD END;
BEGIN
  IF EXISTS (
    SELECT 1 FROM emails e
    WHERE e.id = link.email_id AND e.kind = 'invitation' AND e.state NOT IN ('cancelled', 'failed')
  ) THEN
    UPDATE papers SET live_invitations = live_invitations + CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END
      WHERE id = link.paper_id;
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER email_papers_count_invitations AFTER INSERT OR DELETE ON email_papers
  FOR EACH ROW EXECUTE FUNCTION count_invitation_link();--> statement-breakpoint
-- An email whose state (or kind) changes, or that is deleted: its papers gain or lose a live
-- invitation when it starts or stops counting (failed, cancelled, or retried again).
CREATE FUNCTION count_invitation_state() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  counted_before boolean := OLD.kind = 'invitation' AND OLD.state NOT IN ('cancelled', 'failed');
  counts_now boolean := false;
  delta integer;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    counts_now := NEW.kind = 'invitation' AND NEW.state NOT IN ('cancelled', 'failed');
  END IF;
  delta := counts_now::integer - counted_before::integer;
  IF delta <> 0 THEN
    UPDATE papers p SET live_invitations = p.live_invitations + delta
      FROM email_papers ep
      WHERE ep.email_id = OLD.id AND p.id = ep.paper_id;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER emails_count_invitations AFTER UPDATE OF kind, state ON emails
  FOR EACH ROW WHEN (OLD.kind IS DISTINCT FROM NEW.kind OR OLD.state IS DISTINCT FROM NEW.state)
  EXECUTE FUNCTION count_invitation_state();--> statement-breakpoint
CREATE TRIGGER emails_count_invitations_on_delete BEFORE DELETE ON emails
  FOR EACH ROW EXECUTE FUNCTION count_invitation_state();
