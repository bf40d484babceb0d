CREATE TABLE "seal_keys" (
	"key_id" text PRIMARY KEY NOT NULL,
	"algorithm" text DEFAULT 'Ed25519' NOT NULL,
	"public_key_spki" text NOT NULL,
	"activated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volume_editors" (
	"volume_id" integer NOT NULL,
	"user_id" text NOT NULL,
	"added_by_user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volume_editors_volume_id_user_id_pk" PRIMARY KEY("volume_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "agreement_templates" ADD COLUMN "presentation" jsonb;--> statement-breakpoint
ALTER TABLE "agreement_templates" ADD COLUMN "source" text;--> statement-breakpoint
ALTER TABLE "agreement_templates" ADD COLUMN "published_by_user_id" text;--> statement-breakpoint
ALTER TABLE "volumes" ADD COLUMN "agreement_version" integer;--> statement-breakpoint
ALTER TABLE "volume_editors" ADD CONSTRAINT "volume_editors_volume_id_volumes_id_fk" FOREIGN KEY ("volume_id") REFERENCES "public"."volumes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volume_editors" ADD CONSTRAINT "volume_editors_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volume_editors" ADD CONSTRAINT "volume_editors_added_by_user_id_users_id_fk" FOREIGN KEY ("added_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "volume_editors_user_idx" ON "volume_editors" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "agreement_templates" ADD CONSTRAINT "agreement_templates_published_by_user_id_users_id_fk" FOREIGN KEY ("published_by_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volumes" ADD CONSTRAINT "volumes_agreement_version_agreement_templates_version_fk" FOREIGN KEY ("agreement_version") REFERENCES "public"."agreement_templates"("version") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
-- Editors used to see every volume. Each keeps exactly the access they had: an editor of every
-- existing volume. Then the role is only author or admin; editing is per volume.
INSERT INTO "volume_editors" ("volume_id", "user_id")
  SELECT "volumes"."id", "users"."id" FROM "users" CROSS JOIN "volumes" WHERE "users"."role" = 'editor';
--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "role" DROP DEFAULT;
--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "role" SET DATA TYPE text;
--> statement-breakpoint
DROP TYPE "public"."user_role";
--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('author', 'admin');
--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "role" SET DATA TYPE "public"."user_role"
  USING (CASE WHEN "role" = 'admin' THEN 'admin' ELSE 'author' END)::"public"."user_role";
--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "role" SET DEFAULT 'author'::"public"."user_role";
--> statement-breakpoint
-- Presentation used to be page code: version 1 (PMLR's text, recognised by its hash) gets what
-- that code showed; any other version none. Only these new columns are filled: the text, its
-- hash and the acknowledgements of a published version are untouched, so the trigger that
-- keeps versions immutable is set aside for this one statement only.
ALTER TABLE "agreement_templates" DISABLE TRIGGER "agreement_templates_immutable";
--> statement-breakpoint
UPDATE "agreement_templates" SET "presentation" = CASE
  WHEN "body_sha256" = '8651c0ecc296efce4c660610b161f1695c737a72eb1bcf41e9233d8e7b57ad99'
    THEN '{"asides": [{"clause": "2", "title": "CC BY 4.0 in plain words", "text": "Anyone may read, share and adapt your article, for any purpose, even commercially, as long as they credit the authors and the original publication, link to the licence and say if they made changes. You keep your copyright.", "link": {"href": "https://creativecommons.org/licenses/by/4.0/legalcode.en", "label": "Read the licence’s legal code"}}], "termination": {"clause": "7", "months": 12}}'::jsonb
  ELSE '{"asides":[],"termination":null}'::jsonb END;
--> statement-breakpoint
ALTER TABLE "agreement_templates" ENABLE TRIGGER "agreement_templates_immutable";
--> statement-breakpoint
ALTER TABLE "agreement_templates" ALTER COLUMN "presentation" SET NOT NULL;
--> statement-breakpoint
-- Every existing volume had its authors sign the latest version: that is now its version.
UPDATE "volumes" SET "agreement_version" = (SELECT max("version") FROM "agreement_templates");
--> statement-breakpoint
-- The key ring is evidence: a key that sealed records must stay checkable forever.
CREATE TRIGGER seal_keys_immutable BEFORE UPDATE OR DELETE ON seal_keys
  FOR EACH ROW EXECUTE FUNCTION reject_evidence_change();
--> statement-breakpoint
CREATE TRIGGER seal_keys_no_truncate BEFORE TRUNCATE ON seal_keys
  FOR EACH STATEMENT EXECUTE FUNCTION reject_evidence_change();
--> statement-breakpoint
-- The app role: insert-only on the key ring and on agreement versions (a version never
-- changes), and the editor assignments that admins manage in the portal.
DO $$
BEGIN
  REVOKE ALL ON seal_keys, volume_editors FROM PUBLIC;
  GRANT SELECT, INSERT ON seal_keys TO agreement_portal_app;
  REVOKE UPDATE, DELETE, TRUNCATE ON agreement_templates FROM agreement_portal_app;
  GRANT SELECT, INSERT ON agreement_templates TO agreement_portal_app;
  GRANT SELECT, INSERT, DELETE ON volume_editors TO agreement_portal_app;
END;
$$;
