CREATE TYPE "public"."party_report_status" AS ENUM('pending', 'approved', 'rejected', 'withdrawn', 'revoked');--> statement-breakpoint
CREATE TYPE "public"."unit_member_role" AS ENUM('admin', 'member');--> statement-breakpoint
CREATE TYPE "public"."unit_status" AS ENUM('pending', 'approved', 'rejected', 'withdrawn');--> statement-breakpoint
ALTER TYPE "public"."notification_event" ADD VALUE 'party_report_result' BEFORE 'wish_claimed';--> statement-breakpoint
ALTER TYPE "public"."notification_event" ADD VALUE 'unit_registration_result' BEFORE 'wish_claimed';--> statement-breakpoint
ALTER TYPE "public"."upload_purpose" ADD VALUE 'party_card';--> statement-breakpoint
CREATE TABLE "party_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"community_id" integer NOT NULL,
	"workplace" text NOT NULL,
	"party_organisation" text NOT NULL,
	"card_upload_id" integer,
	"status" "party_report_status" DEFAULT 'pending' NOT NULL,
	"reason" text,
	"decided_by_user_id" integer,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unit_invites" (
	"id" serial PRIMARY KEY NOT NULL,
	"unit_id" integer NOT NULL,
	"code" text NOT NULL,
	"invited_by_user_id" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "unit_invites_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "unit_members" (
	"unit_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"name" text NOT NULL,
	"role" "unit_member_role" NOT NULL,
	"joined_at" timestamp with time zone NOT NULL,
	CONSTRAINT "unit_members_unit_id_user_id_pk" PRIMARY KEY("unit_id","user_id"),
	CONSTRAINT "unit_members_user_id_unique" UNIQUE("user_id")
);
--> statement-breakpoint
ALTER TABLE "units" DROP CONSTRAINT "units_name_unique";--> statement-breakpoint
ALTER TABLE "users" DROP CONSTRAINT "users_unit_id_units_id_fk";
--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "credit_code" text;--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "contact_name" text;--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "contact_phone_cipher" text;--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "contact_phone_hash" text;--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "contact_phone_tail" text;--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "status" "unit_status" DEFAULT 'pending' NOT NULL;--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "registered_by_user_id" integer;--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "reject_reason" text;--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "decided_by_user_id" integer;--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "party_reports" ADD CONSTRAINT "party_reports_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_reports" ADD CONSTRAINT "party_reports_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_reports" ADD CONSTRAINT "party_reports_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_reports" ADD CONSTRAINT "party_reports_card_upload_id_uploads_id_fk" FOREIGN KEY ("card_upload_id") REFERENCES "public"."uploads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_reports" ADD CONSTRAINT "party_reports_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_invites" ADD CONSTRAINT "unit_invites_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_invites" ADD CONSTRAINT "unit_invites_invited_by_user_id_users_id_fk" FOREIGN KEY ("invited_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_members" ADD CONSTRAINT "unit_members_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_members" ADD CONSTRAINT "unit_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "party_reports_live_uq" ON "party_reports" USING btree ("user_id") WHERE "party_reports"."status" in ('pending', 'approved');--> statement-breakpoint
CREATE INDEX "party_reports_queue_idx" ON "party_reports" USING btree ("community_id","status","id");--> statement-breakpoint
CREATE INDEX "unit_invites_unit_idx" ON "unit_invites" USING btree ("unit_id","id");--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_registered_by_user_id_users_id_fk" FOREIGN KEY ("registered_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "units_name_live_uq" ON "units" USING btree ("name") WHERE "units"."status" in ('pending', 'approved');--> statement-breakpoint
CREATE UNIQUE INDEX "units_credit_code_live_uq" ON "units" USING btree ("credit_code") WHERE "units"."status" in ('pending', 'approved') and "units"."credit_code" is not null;--> statement-breakpoint
CREATE INDEX "units_queue_idx" ON "units" USING btree ("community_id","status","id");--> statement-breakpoint
-- The units set up before registration existed were entered by the district: they are approved.
UPDATE "units" SET "status" = 'approved';--> statement-breakpoint
-- A unit's own login account becomes the unit's admin member (its 'unit' role grant stays), named as the unit.
INSERT INTO "unit_members" ("unit_id", "user_id", "name", "role", "joined_at") SELECT "users"."unit_id", "users"."id", "units"."name", 'admin', "users"."created_at" FROM "users" JOIN "units" ON "units"."id" = "users"."unit_id" WHERE "users"."deleted_at" IS NULL;--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "unit_id";--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_contact_phone_sealed_ck" CHECK (("units"."contact_phone_cipher" is null) = ("units"."contact_phone_hash" is null) and ("units"."contact_phone_cipher" is null) = ("units"."contact_phone_tail" is null));