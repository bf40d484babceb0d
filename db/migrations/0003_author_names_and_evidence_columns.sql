CREATE TABLE "signature_documents" (
	"signature_id" uuid PRIMARY KEY NOT NULL,
	"pdf" "bytea" NOT NULL,
	"pdf_sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "sequence" bigint NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "prev_hash" text NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "hash" text NOT NULL;--> statement-breakpoint
ALTER TABLE "papers" ADD COLUMN "author_names" text DEFAULT '' NOT NULL;--> statement-breakpoint
UPDATE "papers" SET "author_names" = coalesce(
  (SELECT string_agg("name", '; ' ORDER BY "position") FROM "paper_authors" WHERE "paper_id" = "papers"."id"), '');--> statement-breakpoint
ALTER TABLE "signatures" ADD COLUMN "seal" text;--> statement-breakpoint
ALTER TABLE "signatures" ADD COLUMN "seal_key_id" text;--> statement-breakpoint
ALTER TABLE "signatures" ADD COLUMN "pdf_sha256" text;--> statement-breakpoint
ALTER TABLE "signature_documents" ADD CONSTRAINT "signature_documents_signature_id_signatures_id_fk" FOREIGN KEY ("signature_id") REFERENCES "public"."signatures"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_sequence_unique" UNIQUE("sequence");--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_hash_unique" UNIQUE("hash");