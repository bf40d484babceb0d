-- When each session was made, i.e. when its user signed in: sensitive editor actions need a
-- recent sign-in, and an editor's session ends 12 hours after it (lib/auth/session-policy.ts).
ALTER TABLE "sessions" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
-- Sessions made before this column existed: when they began is unknown, so they count as old.
UPDATE "sessions" SET "created_at" = 'epoch';
