CREATE TYPE "public"."email_kind" AS ENUM('invitation', 'reminder', 'receipt', 'editor_notice');--> statement-breakpoint
CREATE TYPE "public"."email_state" AS ENUM('queued', 'sending', 'retrying', 'sent', 'failed', 'cancelled');--> statement-breakpoint
CREATE TABLE "email_papers" (
	"email_id" uuid NOT NULL,
	"paper_id" uuid NOT NULL,
	CONSTRAINT "email_papers_email_id_paper_id_pk" PRIMARY KEY("email_id","paper_id")
);
--> statement-breakpoint
CREATE TABLE "emails" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"idempotency_key" text NOT NULL,
	"kind" "email_kind" NOT NULL,
	"recipient" text NOT NULL,
	"volume_id" integer,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"requested_by_user_id" text,
	"state" "email_state" DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"claimed_at" timestamp with time zone,
	"last_error" text,
	"next_attempt_at" timestamp with time zone,
	"subject" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "emails_idempotencyKey_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "emails_recipient_lower_case" CHECK ("emails"."recipient" = lower("emails"."recipient"))
);
--> statement-breakpoint
ALTER TABLE "volumes" ADD COLUMN "signing_deadline" date;--> statement-breakpoint
ALTER TABLE "volumes" ADD COLUMN "reminder_interval_days" integer;--> statement-breakpoint
ALTER TABLE "volumes" ADD COLUMN "reminder_days_before_deadline" integer;--> statement-breakpoint
ALTER TABLE "volumes" ADD COLUMN "reminder_limit" integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "email_papers" ADD CONSTRAINT "email_papers_email_id_emails_id_fk" FOREIGN KEY ("email_id") REFERENCES "public"."emails"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_papers" ADD CONSTRAINT "email_papers_paper_id_papers_id_fk" FOREIGN KEY ("paper_id") REFERENCES "public"."papers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emails" ADD CONSTRAINT "emails_volume_id_volumes_id_fk" FOREIGN KEY ("volume_id") REFERENCES "public"."volumes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emails" ADD CONSTRAINT "emails_requested_by_user_id_users_id_fk" FOREIGN KEY ("requested_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "email_papers_paper_idx" ON "email_papers" USING btree ("paper_id");--> statement-breakpoint
CREATE INDEX "emails_volume_idx" ON "emails" USING btree ("volume_id","created_at");--> statement-breakpoint
CREATE INDEX "emails_state_idx" ON "emails" USING btree ("state");--> statement-breakpoint
CREATE INDEX "emails_sent_at_idx" ON "emails" USING btree ("sent_at");--> statement-breakpoint
ALTER TABLE "volumes" ADD CONSTRAINT "volumes_reminder_interval_range" CHECK ("volumes"."reminder_interval_days" between 1 and 90);--> statement-breakpoint
ALTER TABLE "volumes" ADD CONSTRAINT "volumes_reminder_before_range" CHECK ("volumes"."reminder_days_before_deadline" between 1 and 60);--> statement-breakpoint
ALTER TABLE "volumes" ADD CONSTRAINT "volumes_reminder_limit_range" CHECK ("volumes"."reminder_limit" between 0 and 20);--> statement-breakpoint
-- The job queue: pg-boss's own schema (pg-boss 10.4.2, schema version 24), exactly as
-- PgBoss.getConstructionPlans('pgboss') writes it, one statement at a time. The app starts
-- pg-boss with migrate: false (it may not run DDL), so upgrading pg-boss needs a migration here;
-- pg-boss refuses to start on a schema version mismatch, and tests start it.
CREATE SCHEMA IF NOT EXISTS pgboss
--> statement-breakpoint
CREATE TYPE pgboss.job_state AS ENUM (
      'created',
      'retry',
      'active',
      'completed',
      'cancelled',
      'failed'
    )
--> statement-breakpoint
CREATE TABLE pgboss.version (
      version int primary key,
      maintained_on timestamp with time zone,
      cron_on timestamp with time zone,
      monitored_on timestamp with time zone
    )
--> statement-breakpoint
CREATE TABLE pgboss.queue (
      name text,
      policy text,
      retry_limit int,
      retry_delay int,
      retry_backoff bool,
      expire_seconds int,
      retention_minutes int,
      dead_letter text REFERENCES pgboss.queue (name),
      partition_name text,
      created_on timestamp with time zone not null default now(),
      updated_on timestamp with time zone not null default now(),
      PRIMARY KEY (name)
    )
--> statement-breakpoint
CREATE TABLE pgboss.schedule (
      name text REFERENCES pgboss.queue ON DELETE CASCADE,
      cron text not null,
      timezone text,
      data jsonb,
      options jsonb,
      created_on timestamp with time zone not null default now(),
      updated_on timestamp with time zone not null default now(),
      PRIMARY KEY (name)
    )
--> statement-breakpoint
CREATE TABLE pgboss.subscription (
      event text not null,
      name text not null REFERENCES pgboss.queue ON DELETE CASCADE,
      created_on timestamp with time zone not null default now(),
      updated_on timestamp with time zone not null default now(),
      PRIMARY KEY(event, name)
    )
--> statement-breakpoint
CREATE TABLE pgboss.job (
      id uuid not null default gen_random_uuid(),
      name text not null,
      priority integer not null default(0),
      data jsonb,
      state pgboss.job_state not null default('created'),
      retry_limit integer not null default(2),
      retry_count integer not null default(0),
      retry_delay integer not null default(0),
      retry_backoff boolean not null default false,
      start_after timestamp with time zone not null default now(),
      started_on timestamp with time zone,
      singleton_key text,
      singleton_on timestamp without time zone,
      expire_in interval not null default interval '15 minutes',
      created_on timestamp with time zone not null default now(),
      completed_on timestamp with time zone,
      keep_until timestamp with time zone NOT NULL default now() + interval '14 days',
      output jsonb,
      dead_letter text,
      policy text
    ) PARTITION BY LIST (name)
--> statement-breakpoint
ALTER TABLE pgboss.job ADD PRIMARY KEY (name, id)
--> statement-breakpoint
CREATE TABLE pgboss.archive (LIKE pgboss.job)
--> statement-breakpoint
ALTER TABLE pgboss.archive ADD PRIMARY KEY (name, id)
--> statement-breakpoint
ALTER TABLE pgboss.archive ADD archived_on timestamptz NOT NULL DEFAULT now()
--> statement-breakpoint
CREATE INDEX archive_i1 ON pgboss.archive(archived_on)
--> statement-breakpoint
CREATE FUNCTION pgboss.create_queue(queue_name text, options json)
    RETURNS VOID AS
    $$
    DECLARE
      table_name varchar := 'j' || encode(sha224(queue_name::bytea), 'hex');
      queue_created_on timestamptz;
    BEGIN

      WITH q as (
      INSERT INTO pgboss.queue (
        name,
        policy,
        retry_limit,
        retry_delay,
        retry_backoff,
        expire_seconds,
        retention_minutes,
        dead_letter,
        partition_name
      )
      VALUES (
        queue_name,
        options->>'policy',
        (options->>'retryLimit')::int,
        (options->>'retryDelay')::int,
        (options->>'retryBackoff')::bool,
        (options->>'expireInSeconds')::int,
        (options->>'retentionMinutes')::int,
        options->>'deadLetter',
        table_name
      )
      ON CONFLICT DO NOTHING
      RETURNING created_on
      )
      SELECT created_on into queue_created_on from q;

      IF queue_created_on IS NULL THEN
        RETURN;
      END IF;

      EXECUTE format('CREATE TABLE pgboss.%I (LIKE pgboss.job INCLUDING DEFAULTS)', table_name);

      EXECUTE format('ALTER TABLE pgboss.%1$I ADD PRIMARY KEY (name, id)', table_name);
      EXECUTE format('ALTER TABLE pgboss.%1$I ADD CONSTRAINT q_fkey FOREIGN KEY (name) REFERENCES pgboss.queue (name) ON DELETE RESTRICT DEFERRABLE INITIALLY DEFERRED', table_name);
      EXECUTE format('ALTER TABLE pgboss.%1$I ADD CONSTRAINT dlq_fkey FOREIGN KEY (dead_letter) REFERENCES pgboss.queue (name) ON DELETE RESTRICT DEFERRABLE INITIALLY DEFERRED', table_name);
      EXECUTE format('CREATE UNIQUE INDEX %1$s_i1 ON pgboss.%1$I (name, COALESCE(singleton_key, '''')) WHERE state = ''created'' AND policy = ''short''', table_name);
      EXECUTE format('CREATE UNIQUE INDEX %1$s_i2 ON pgboss.%1$I (name, COALESCE(singleton_key, '''')) WHERE state = ''active'' AND policy = ''singleton''', table_name);
      EXECUTE format('CREATE UNIQUE INDEX %1$s_i3 ON pgboss.%1$I (name, state, COALESCE(singleton_key, '''')) WHERE state <= ''active'' AND policy = ''stately''', table_name);
      EXECUTE format('CREATE UNIQUE INDEX %1$s_i4 ON pgboss.%1$I (name, singleton_on, COALESCE(singleton_key, '''')) WHERE state <> ''cancelled'' AND singleton_on IS NOT NULL', table_name);
      EXECUTE format('CREATE INDEX %1$s_i5 ON pgboss.%1$I (name, start_after) INCLUDE (priority, created_on, id) WHERE state < ''active''', table_name);

      EXECUTE format('ALTER TABLE pgboss.%I ADD CONSTRAINT cjc CHECK (name=%L)', table_name, queue_name);
      EXECUTE format('ALTER TABLE pgboss.job ATTACH PARTITION pgboss.%I FOR VALUES IN (%L)', table_name, queue_name);
    END;
    $$
    LANGUAGE plpgsql;
--> statement-breakpoint
CREATE FUNCTION pgboss.delete_queue(queue_name text)
    RETURNS VOID AS
    $$
    DECLARE
      table_name varchar;
    BEGIN
      WITH deleted as (
        DELETE FROM pgboss.queue
        WHERE name = queue_name
        RETURNING partition_name
      )
      SELECT partition_name from deleted INTO table_name;

      EXECUTE format('DROP TABLE IF EXISTS pgboss.%I', table_name);
    END;
    $$
    LANGUAGE plpgsql;
--> statement-breakpoint
INSERT INTO pgboss.version(version) VALUES ('24')
--> statement-breakpoint
-- The queues, created here because creating one is DDL (a partition per queue). Email: up to
-- 10 retries with exponential backoff and jitter from 10 s (10–20 s, 20–40 s, 40–80 s … about
-- three to six hours in all); a job that has not finished within its expiry (a worker killed
-- mid-send; MAIL_SEND_TIMEOUT_SECONDS, set on each job) is retried the same way. Reminders: a
-- scheduled tick; "singleton" keeps two portal processes from running it at the same moment.
SELECT pgboss.create_queue('email', '{"policy":"standard","retryLimit":10,"retryDelay":10,"retryBackoff":true,"expireInSeconds":120,"retentionMinutes":20160}');
--> statement-breakpoint
SELECT pgboss.create_queue('reminders', '{"policy":"singleton","retryLimit":2,"retryDelay":60,"retryBackoff":false,"expireInSeconds":600,"retentionMinutes":1440}');
--> statement-breakpoint
-- The app role: emails move through their states (no DELETE: the delivery log stays); the queue
-- is the app's working storage, not evidence, so the app may change it freely.
DO $$
BEGIN
  REVOKE ALL ON emails, email_papers FROM PUBLIC;
  GRANT SELECT, INSERT, UPDATE ON emails TO agreement_portal_app;
  GRANT SELECT, INSERT ON email_papers TO agreement_portal_app;
  GRANT USAGE ON SCHEMA pgboss TO agreement_portal_app;
  GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pgboss TO agreement_portal_app;
END;
$$;
