CREATE TYPE "public"."notification_event" AS ENUM('wish_claimed', 'booking_result', 'booking_reminder', 'activity_reminder', 'waitlist_promoted', 'activity_cancelled', 'redemption_ready', 'redemption_expiring');--> statement-breakpoint
CREATE TYPE "public"."notification_status" AS ENUM('pending', 'sending', 'sent', 'refused', 'failed', 'skipped');--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"event" "notification_event" NOT NULL,
	"dedupe_key" text NOT NULL,
	"page" text NOT NULL,
	"data" jsonb NOT NULL,
	"status" "notification_status" DEFAULT 'pending' NOT NULL,
	"attempts" smallint DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_at" timestamp with time zone,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notifications_dedupe_key_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "personal_data_access" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"actor_user_id" integer NOT NULL,
	"subject_person_id" integer NOT NULL,
	"purpose" text NOT NULL,
	"route" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "phones_to_seal" (
	"source" text NOT NULL,
	"row_id" integer NOT NULL,
	"phone" text NOT NULL,
	CONSTRAINT "phones_to_seal_source_row_id_pk" PRIMARY KEY("source","row_id")
);
--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "phone_cipher" text;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "phone_hash" text;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "phone_tail" text;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "anonymised_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "volunteer_profiles" ADD COLUMN "phone_cipher" text;--> statement-breakpoint
ALTER TABLE "volunteer_profiles" ADD COLUMN "phone_hash" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personal_data_access" ADD CONSTRAINT "personal_data_access_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personal_data_access" ADD CONSTRAINT "personal_data_access_subject_person_id_persons_id_fk" FOREIGN KEY ("subject_person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_due_idx" ON "notifications" USING btree ("next_attempt_at") WHERE "notifications"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "notifications_sending_idx" ON "notifications" USING btree ("claimed_at") WHERE "notifications"."status" = 'sending';--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","id");--> statement-breakpoint
CREATE INDEX "personal_data_access_subject_idx" ON "personal_data_access" USING btree ("subject_person_id","id");--> statement-breakpoint
CREATE INDEX "personal_data_access_created_idx" ON "personal_data_access" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "persons_phone_hash_idx" ON "persons" USING btree ("phone_hash");--> statement-breakpoint
-- Numbers written in clear before this migration wait in phones_to_seal until the server seals them with DATA_KEY.
INSERT INTO "phones_to_seal" ("source", "row_id", "phone") SELECT 'persons', "id", "phone" FROM "persons" WHERE "phone" IS NOT NULL;--> statement-breakpoint
INSERT INTO "phones_to_seal" ("source", "row_id", "phone") SELECT 'volunteer_profiles', "user_id", "phone" FROM "volunteer_profiles";--> statement-breakpoint
ALTER TABLE "persons" DROP COLUMN "phone";--> statement-breakpoint
ALTER TABLE "volunteer_profiles" DROP COLUMN "phone";--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_phone_sealed_ck" CHECK (("persons"."phone_cipher" is null) = ("persons"."phone_hash" is null) and ("persons"."phone_cipher" is null) = ("persons"."phone_tail" is null));--> statement-breakpoint
ALTER TABLE "volunteer_profiles" ADD CONSTRAINT "volunteer_profiles_phone_sealed_ck" CHECK (("volunteer_profiles"."phone_cipher" is null) = ("volunteer_profiles"."phone_hash" is null));