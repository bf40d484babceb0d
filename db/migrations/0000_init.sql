CREATE TYPE "public"."paper_status" AS ENUM('accepted', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('author', 'editor', 'admin');--> statement-breakpoint
CREATE TABLE "accounts" (
	"user_id" text NOT NULL,
	"type" text NOT NULL,
	"provider" text NOT NULL,
	"provider_account_id" text NOT NULL,
	"refresh_token" text,
	"access_token" text,
	"expires_at" integer,
	"token_type" text,
	"scope" text,
	"id_token" text,
	"session_state" text,
	CONSTRAINT "accounts_provider_provider_account_id_pk" PRIMARY KEY("provider","provider_account_id")
);
--> statement-breakpoint
CREATE TABLE "agreement_templates" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "agreement_templates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"body_sha256" text NOT NULL,
	"acknowledgements" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agreement_templates_version_unique" UNIQUE("version"),
	CONSTRAINT "agreement_templates_version_positive" CHECK ("agreement_templates"."version" > 0)
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"action" text NOT NULL,
	"actor_user_id" text,
	"actor_email" text,
	"paper_id" uuid,
	"signature_id" uuid,
	"volume_id" integer,
	"ip_address" text,
	"user_agent" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "paper_authors" (
	"paper_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"is_corresponding" boolean DEFAULT false NOT NULL,
	CONSTRAINT "paper_authors_paper_id_position_pk" PRIMARY KEY("paper_id","position"),
	CONSTRAINT "paper_authors_position_positive" CHECK ("paper_authors"."position" > 0)
);
--> statement-breakpoint
CREATE TABLE "papers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"volume_id" integer NOT NULL,
	"paper_key" text NOT NULL,
	"title" text NOT NULL,
	"status" "paper_status" DEFAULT 'accepted' NOT NULL,
	"corresponding_author_name" text NOT NULL,
	"corresponding_author_email" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "papers_corresponding_email_lower_case" CHECK ("papers"."corresponding_author_email" = lower("papers"."corresponding_author_email")),
	CONSTRAINT "papers_title_not_blank" CHECK (length(trim("papers"."title")) > 0),
	CONSTRAINT "papers_key_not_blank" CHECK (length(trim("papers"."paper_key")) > 0)
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"session_token" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"expires" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signature_voids" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"signature_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"voided_by_user_id" text NOT NULL,
	"voided_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "signature_voids_signatureId_unique" UNIQUE("signature_id")
);
--> statement-breakpoint
CREATE TABLE "signatures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"paper_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"signer_email" text NOT NULL,
	"typed_name" text NOT NULL,
	"name_on_record" text NOT NULL,
	"template_version" integer NOT NULL,
	"text_sha256" text NOT NULL,
	"title_at_signing" text NOT NULL,
	"authors_at_signing" jsonb NOT NULL,
	"proceedings_at_signing" text NOT NULL,
	"agreed_clause_ids" jsonb NOT NULL,
	"signed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"auth_method" text NOT NULL,
	"session_id_hash" text,
	"ip_address" text,
	"user_agent" text,
	"replaces_void_id" uuid,
	CONSTRAINT "signatures_text_sha256_hex" CHECK ("signatures"."text_sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "signatures_typed_name_length" CHECK (length(trim("signatures"."typed_name")) between 1 and 200)
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text,
	"email" text NOT NULL,
	"email_verified" timestamp with time zone,
	"image" text,
	"role" "user_role" DEFAULT 'author' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email"),
	CONSTRAINT "users_email_lower_case" CHECK ("users"."email" = lower("users"."email"))
);
--> statement-breakpoint
CREATE TABLE "verification_tokens" (
	"identifier" text NOT NULL,
	"token" text NOT NULL,
	"expires" timestamp with time zone NOT NULL,
	CONSTRAINT "verification_tokens_identifier_token_pk" PRIMARY KEY("identifier","token")
);
--> statement-breakpoint
CREATE TABLE "volumes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "volumes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"number" integer NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volumes_number_unique" UNIQUE("number"),
	CONSTRAINT "volumes_number_positive" CHECK ("volumes"."number" > 0)
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_paper_id_papers_id_fk" FOREIGN KEY ("paper_id") REFERENCES "public"."papers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_signature_id_signatures_id_fk" FOREIGN KEY ("signature_id") REFERENCES "public"."signatures"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_volume_id_volumes_id_fk" FOREIGN KEY ("volume_id") REFERENCES "public"."volumes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_authors" ADD CONSTRAINT "paper_authors_paper_id_papers_id_fk" FOREIGN KEY ("paper_id") REFERENCES "public"."papers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "papers" ADD CONSTRAINT "papers_volume_id_volumes_id_fk" FOREIGN KEY ("volume_id") REFERENCES "public"."volumes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signature_voids" ADD CONSTRAINT "signature_voids_signature_id_signatures_id_fk" FOREIGN KEY ("signature_id") REFERENCES "public"."signatures"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signature_voids" ADD CONSTRAINT "signature_voids_voided_by_user_id_users_id_fk" FOREIGN KEY ("voided_by_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signatures" ADD CONSTRAINT "signatures_paper_id_papers_id_fk" FOREIGN KEY ("paper_id") REFERENCES "public"."papers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signatures" ADD CONSTRAINT "signatures_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signatures" ADD CONSTRAINT "signatures_template_version_agreement_templates_version_fk" FOREIGN KEY ("template_version") REFERENCES "public"."agreement_templates"("version") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signatures" ADD CONSTRAINT "signatures_replaces_void_id_signature_voids_id_fk" FOREIGN KEY ("replaces_void_id") REFERENCES "public"."signature_voids"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_paper_idx" ON "audit_events" USING btree ("paper_id","id");--> statement-breakpoint
CREATE INDEX "audit_events_volume_idx" ON "audit_events" USING btree ("volume_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "paper_authors_one_corresponding" ON "paper_authors" USING btree ("paper_id") WHERE "paper_authors"."is_corresponding";--> statement-breakpoint
CREATE UNIQUE INDEX "papers_volume_key_unique" ON "papers" USING btree ("volume_id","paper_key");--> statement-breakpoint
CREATE INDEX "papers_corresponding_email_idx" ON "papers" USING btree ("corresponding_author_email");--> statement-breakpoint
CREATE INDEX "papers_volume_status_idx" ON "papers" USING btree ("volume_id","status");--> statement-breakpoint
CREATE INDEX "papers_volume_title_idx" ON "papers" USING btree ("volume_id","title");--> statement-breakpoint
CREATE INDEX "sessions_user_id_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "signatures_one_active_per_paper" ON "signatures" USING btree ("paper_id") WHERE "signatures"."replaces_void_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "signatures_replaces_void_unique" ON "signatures" USING btree ("replaces_void_id");--> statement-breakpoint
CREATE INDEX "signatures_user_idx" ON "signatures" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "signatures_signed_at_idx" ON "signatures" USING btree ("signed_at");