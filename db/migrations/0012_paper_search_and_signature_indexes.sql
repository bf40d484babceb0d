-- pg_trgm ships with PostgreSQL (contrib) and with PGlite, and is a trusted extension: the
-- schema owner may create it without being a superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
-- Finding a paper across volumes: newest volume first, then by key, read in index order.
CREATE INDEX "papers_volume_desc_key_idx" ON "papers" USING btree ("volume_id" DESC NULLS FIRST,"paper_key");--> statement-breakpoint
-- Search ("contains", any case) over a paper's title, byline and corresponding email reads this
-- index instead of every row. The fields are joined with a newline, which a search term never
-- holds (it is stripped of control characters), so a match never spans two fields.
CREATE INDEX "papers_search_trgm_idx" ON "papers" USING gin (("title" || chr(10) || "author_names" || chr(10) || "corresponding_author_email") gin_trgm_ops);--> statement-breakpoint
-- Every signature of a paper (signatures_one_active_per_paper holds only first signatures), so
-- joining a page of papers to their active signatures probes it instead of reading them all.
CREATE INDEX "signatures_paper_idx" ON "signatures" USING btree ("paper_id");
