-- The volume table and its counts, flat in the volume's size (issue 13): the counts read
-- (volume, status, active signature) from the index alone; sorting by title, corresponding author
-- or email reads an index in that order (lower(): the table sorts without regard to case) and
-- stops after a page, instead of sorting the whole volume.
DROP INDEX "papers_volume_status_idx";--> statement-breakpoint
DROP INDEX "papers_volume_title_idx";--> statement-breakpoint
CREATE INDEX "papers_volume_state_idx" ON "papers" USING btree ("volume_id","status","active_signature_id");--> statement-breakpoint
CREATE INDEX "papers_volume_lower_title_idx" ON "papers" USING btree ("volume_id",lower("title"));--> statement-breakpoint
CREATE INDEX "papers_volume_lower_author_idx" ON "papers" USING btree ("volume_id",lower("corresponding_author_name"));--> statement-breakpoint
CREATE INDEX "papers_volume_email_idx" ON "papers" USING btree ("volume_id","corresponding_author_email");