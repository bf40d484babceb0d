CREATE TYPE "public"."webhook_delivery_state" AS ENUM('queued', 'sending', 'retrying', 'delivered', 'failed');--> statement-breakpoint
CREATE TYPE "public"."webhook_event_type" AS ENUM('agreement.signed', 'agreement.voided', 'paper.published', 'volume.fully_signed');--> statement-breakpoint
ALTER TYPE "public"."email_kind" ADD VALUE 'lapse_digest';--> statement-breakpoint
CREATE TABLE "api_token_volumes" (
	"token_id" uuid NOT NULL,
	"volume_id" integer NOT NULL,
	CONSTRAINT "api_token_volumes_token_id_volume_id_pk" PRIMARY KEY("token_id","volume_id")
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"token_sha256" text NOT NULL,
	"display_prefix" text NOT NULL,
	"created_by_user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_tokenSha256_unique" UNIQUE("token_sha256"),
	CONSTRAINT "api_tokens_sha256_hex" CHECK ("api_tokens"."token_sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "api_tokens_name_length" CHECK (length(trim("api_tokens"."name")) between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"expire" bigint
);
--> statement-breakpoint
CREATE TABLE "webhook_attempts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "webhook_attempts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"delivery_id" uuid NOT NULL,
	"attempted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_code" integer,
	"latency_ms" integer NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sequence" bigint GENERATED ALWAYS AS IDENTITY (sequence name "webhook_deliveries_sequence_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"endpoint_id" uuid NOT NULL,
	"event_key" text NOT NULL,
	"event_type" "webhook_event_type" NOT NULL,
	"paper_id" uuid,
	"body" text NOT NULL,
	"state" "webhook_delivery_state" DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"claimed_at" timestamp with time zone,
	"last_status_code" integer,
	"last_latency_ms" integer,
	"last_error" text,
	"next_attempt_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"volume_id" integer NOT NULL,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"created_by_user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"disabled_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "papers" ADD COLUMN "published_on" date;--> statement-breakpoint
ALTER TABLE "papers" ADD COLUMN "published_url" text;--> statement-breakpoint
ALTER TABLE "volumes" ADD COLUMN "published_on" date;--> statement-breakpoint
ALTER TABLE "volumes" ADD COLUMN "proceedings_url" text;--> statement-breakpoint
ALTER TABLE "api_token_volumes" ADD CONSTRAINT "api_token_volumes_token_id_api_tokens_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."api_tokens"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_token_volumes" ADD CONSTRAINT "api_token_volumes_volume_id_volumes_id_fk" FOREIGN KEY ("volume_id") REFERENCES "public"."volumes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_delivery_id_webhook_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."webhook_deliveries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_id_webhook_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."webhook_endpoints"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_paper_id_papers_id_fk" FOREIGN KEY ("paper_id") REFERENCES "public"."papers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_volume_id_volumes_id_fk" FOREIGN KEY ("volume_id") REFERENCES "public"."volumes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_tokens_created_by_idx" ON "api_tokens" USING btree ("created_by_user_id");--> statement-breakpoint
CREATE INDEX "webhook_attempts_delivery_idx" ON "webhook_attempts" USING btree ("delivery_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_deliveries_event_unique" ON "webhook_deliveries" USING btree ("endpoint_id","event_key");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_endpoint_idx" ON "webhook_deliveries" USING btree ("endpoint_id","sequence");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_paper_idx" ON "webhook_deliveries" USING btree ("endpoint_id","paper_id","sequence");--> statement-breakpoint
CREATE INDEX "webhook_endpoints_volume_idx" ON "webhook_endpoints" USING btree ("volume_id");--> statement-breakpoint
ALTER TABLE "papers" ADD CONSTRAINT "papers_published_together" CHECK (("papers"."published_on" is null) = ("papers"."published_url" is null));--> statement-breakpoint
ALTER TABLE "volumes" ADD CONSTRAINT "volumes_published_together" CHECK (("volumes"."published_on" is null) = ("volumes"."proceedings_url" is null));
--> statement-breakpoint
-- The proceedings pipeline's queues (creating one is DDL, so it happens here). Webhooks: each
-- job carries its own retry delay (WEBHOOK_RETRY_BASE_SECONDS), doubling with jitter. The weekly
-- digest of agreements at risk under clause 7: a scheduled tick, one runner at a time.
SELECT pgboss.create_queue('webhook', '{"policy":"standard","retryLimit":12,"retryDelay":10,"retryBackoff":true,"expireInSeconds":60,"retentionMinutes":20160}');
--> statement-breakpoint
SELECT pgboss.create_queue('lapse-digest', '{"policy":"singleton","retryLimit":2,"retryDelay":60,"retryBackoff":false,"expireInSeconds":600,"retentionMinutes":10080}');
--> statement-breakpoint
-- The app role: tokens are created and revoked (only last use and revocation change); endpoints
-- are disabled, never deleted; deliveries move through their states; attempts are a log; the
-- rate limiter's counters are working storage.
DO $$
BEGIN
  REVOKE ALL ON api_tokens, api_token_volumes, webhook_endpoints, webhook_deliveries, webhook_attempts, rate_limits FROM PUBLIC;
  GRANT SELECT, INSERT ON api_tokens, api_token_volumes, webhook_endpoints, webhook_attempts TO agreement_portal_app;
  GRANT UPDATE (last_used_at, revoked_at) ON api_tokens TO agreement_portal_app;
  GRANT UPDATE (disabled_at) ON webhook_endpoints TO agreement_portal_app;
  GRANT SELECT, INSERT, UPDATE ON webhook_deliveries TO agreement_portal_app;
  GRANT SELECT, INSERT, UPDATE, DELETE ON rate_limits TO agreement_portal_app;
  GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO agreement_portal_app;
  GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pgboss TO agreement_portal_app;
END;
$$;
