-- "Never invited" on the volume page (awaiting papers with no invitation in the email log) read
-- every awaiting paper's row for its id; with the id in the index it is an index-only scan too.
DROP INDEX "papers_volume_state_idx";--> statement-breakpoint
CREATE INDEX "papers_volume_state_idx" ON "papers" USING btree ("volume_id","status","active_signature_id","id");
