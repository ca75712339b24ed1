CREATE TYPE "public"."contact_preference" AS ENUM('phone', 'visit', 'via_staff');--> statement-breakpoint
CREATE TYPE "public"."moderation_verdict" AS ENUM('pass', 'review', 'risky', 'pending', 'unchecked');--> statement-breakpoint
CREATE TYPE "public"."upload_purpose" AS ENUM('wish_photo', 'proof_photo');--> statement-breakpoint
CREATE TYPE "public"."wish_category" AS ENUM('daily_goods', 'education', 'elderly_care', 'health', 'appliance_repair', 'companionship', 'other');--> statement-breakpoint
CREATE TYPE "public"."wish_claim_status" AS ENUM('active', 'fulfilled', 'confirmed', 'lapsed', 'given_up');--> statement-breakpoint
CREATE TYPE "public"."wish_event_kind" AS ENUM('posted', 'approved', 'rejected', 'claimed', 'claim_lapsed', 'claim_given_up', 'fulfilled', 'confirmed', 'withdrawn', 'category_changed');--> statement-breakpoint
CREATE TYPE "public"."wish_status" AS ENUM('pending', 'open', 'claimed', 'fulfilled', 'confirmed', 'rejected', 'withdrawn');--> statement-breakpoint
CREATE TABLE "uploads" (
	"id" serial PRIMARY KEY NOT NULL,
	"owner_user_id" integer NOT NULL,
	"purpose" "upload_purpose" NOT NULL,
	"storage_key" text NOT NULL,
	"mime_type" text NOT NULL,
	"byte_size" integer NOT NULL,
	"moderation" "moderation_verdict" NOT NULL,
	"moderation_label" text,
	"moderation_trace_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uploads_storage_key_unique" UNIQUE("storage_key")
);
--> statement-breakpoint
CREATE TABLE "wish_claims" (
	"id" serial PRIMARY KEY NOT NULL,
	"wish_id" integer NOT NULL,
	"community_id" integer NOT NULL,
	"claimer_user_id" integer NOT NULL,
	"claimer_person_id" integer,
	"claimer_unit_id" integer,
	"status" "wish_claim_status" DEFAULT 'active' NOT NULL,
	"claimed_at" timestamp with time zone NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"fulfilled_at" timestamp with time zone,
	"fulfil_note" text,
	"proof_upload_id" integer,
	"ended_at" timestamp with time zone,
	"give_up_reason" text,
	"thanks" text,
	"rating" smallint,
	"confirmed_by_user_id" integer,
	"confirmed_by_staff" boolean DEFAULT false NOT NULL,
	CONSTRAINT "wish_claims_rating_ck" CHECK ("wish_claims"."rating" is null or "wish_claims"."rating" between 1 and 5),
	CONSTRAINT "wish_claims_claimer_ck" CHECK ("wish_claims"."claimer_person_id" is not null or "wish_claims"."claimer_unit_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "wish_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"wish_id" integer NOT NULL,
	"community_id" integer NOT NULL,
	"kind" "wish_event_kind" NOT NULL,
	"actor_user_id" integer,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wish_settings" (
	"community_id" integer PRIMARY KEY NOT NULL,
	"max_value_yuan" integer DEFAULT 300 NOT NULL,
	"claim_limit" integer DEFAULT 3 NOT NULL,
	"claim_days" integer DEFAULT 7 NOT NULL,
	CONSTRAINT "wish_settings_value_ck" CHECK ("wish_settings"."max_value_yuan" between 1 and 10000),
	CONSTRAINT "wish_settings_limit_ck" CHECK ("wish_settings"."claim_limit" between 1 and 20),
	CONSTRAINT "wish_settings_days_ck" CHECK ("wish_settings"."claim_days" between 1 and 60)
);
--> statement-breakpoint
CREATE TABLE "wishes" (
	"id" serial PRIMARY KEY NOT NULL,
	"community_id" integer NOT NULL,
	"wisher_person_id" integer NOT NULL,
	"posted_by_user_id" integer NOT NULL,
	"posted_on_behalf" boolean DEFAULT false NOT NULL,
	"consent_recorded" boolean DEFAULT false NOT NULL,
	"category" "wish_category" NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"photo_ids" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"value_yuan" integer NOT NULL,
	"contact_preference" "contact_preference" NOT NULL,
	"needed_by" date,
	"status" "wish_status" DEFAULT 'pending' NOT NULL,
	"text_moderation" "moderation_verdict" NOT NULL,
	"moderation_labels" text[] DEFAULT '{}'::text[] NOT NULL,
	"reject_reason" text,
	"reviewed_by_user_id" integer,
	"current_claim_id" integer,
	"opened_at" timestamp with time zone,
	"fulfilled_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wishes_value_ck" CHECK ("wishes"."value_yuan" >= 0),
	CONSTRAINT "wishes_photos_ck" CHECK (coalesce(array_length("wishes"."photo_ids", 1), 0) <= 3),
	CONSTRAINT "wishes_on_behalf_consent_ck" CHECK (not "wishes"."posted_on_behalf" or "wishes"."consent_recorded")
);
--> statement-breakpoint
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wish_claims" ADD CONSTRAINT "wish_claims_wish_id_wishes_id_fk" FOREIGN KEY ("wish_id") REFERENCES "public"."wishes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wish_claims" ADD CONSTRAINT "wish_claims_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wish_claims" ADD CONSTRAINT "wish_claims_claimer_user_id_users_id_fk" FOREIGN KEY ("claimer_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wish_claims" ADD CONSTRAINT "wish_claims_claimer_person_id_persons_id_fk" FOREIGN KEY ("claimer_person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wish_claims" ADD CONSTRAINT "wish_claims_claimer_unit_id_units_id_fk" FOREIGN KEY ("claimer_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wish_claims" ADD CONSTRAINT "wish_claims_proof_upload_id_uploads_id_fk" FOREIGN KEY ("proof_upload_id") REFERENCES "public"."uploads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wish_claims" ADD CONSTRAINT "wish_claims_confirmed_by_user_id_users_id_fk" FOREIGN KEY ("confirmed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wish_events" ADD CONSTRAINT "wish_events_wish_id_wishes_id_fk" FOREIGN KEY ("wish_id") REFERENCES "public"."wishes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wish_events" ADD CONSTRAINT "wish_events_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wish_events" ADD CONSTRAINT "wish_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wish_settings" ADD CONSTRAINT "wish_settings_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wishes" ADD CONSTRAINT "wishes_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wishes" ADD CONSTRAINT "wishes_wisher_person_id_persons_id_fk" FOREIGN KEY ("wisher_person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wishes" ADD CONSTRAINT "wishes_posted_by_user_id_users_id_fk" FOREIGN KEY ("posted_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wishes" ADD CONSTRAINT "wishes_reviewed_by_user_id_users_id_fk" FOREIGN KEY ("reviewed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "uploads_owner_idx" ON "uploads" USING btree ("owner_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "uploads_trace_uq" ON "uploads" USING btree ("moderation_trace_id");--> statement-breakpoint
CREATE UNIQUE INDEX "wish_claims_one_live_uq" ON "wish_claims" USING btree ("wish_id") WHERE "wish_claims"."status" in ('active', 'fulfilled', 'confirmed');--> statement-breakpoint
CREATE INDEX "wish_claims_claimer_idx" ON "wish_claims" USING btree ("claimer_user_id","status");--> statement-breakpoint
CREATE INDEX "wish_claims_active_deadline_idx" ON "wish_claims" USING btree ("deadline") WHERE "wish_claims"."status" = 'active';--> statement-breakpoint
CREATE INDEX "wish_events_wish_idx" ON "wish_events" USING btree ("wish_id","id");--> statement-breakpoint
CREATE INDEX "wishes_community_status_idx" ON "wishes" USING btree ("community_id","status","id");--> statement-breakpoint
CREATE INDEX "wishes_wisher_idx" ON "wishes" USING btree ("wisher_person_id","id");--> statement-breakpoint
CREATE INDEX "wishes_community_fulfilled_idx" ON "wishes" USING btree ("community_id","fulfilled_at");--> statement-breakpoint
-- Hand-written: the wish's pointer to its live claim (a circular reference the schema file leaves out).
ALTER TABLE "wishes" ADD CONSTRAINT "wishes_current_claim_id_fk" FOREIGN KEY ("current_claim_id") REFERENCES "public"."wish_claims"("id") ON DELETE no action ON UPDATE no action;
