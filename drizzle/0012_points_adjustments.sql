CREATE TYPE "public"."points_adjustment_status" AS ENUM('pending', 'applied', 'rejected');--> statement-breakpoint
CREATE TABLE "points_adjustments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"community_id" integer NOT NULL,
	"household_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"amount" integer NOT NULL,
	"reason" text NOT NULL,
	"status" "points_adjustment_status" DEFAULT 'pending' NOT NULL,
	"requested_by_user_id" integer NOT NULL,
	"decided_by_user_id" integer,
	"decided_at" timestamp with time zone,
	"reject_reason" text,
	"ledger_entry_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_adjustments_amount_ck" CHECK ("points_adjustments"."amount" <> 0),
	CONSTRAINT "points_adjustments_second_person_ck" CHECK ("points_adjustments"."decided_by_user_id" is null or "points_adjustments"."decided_by_user_id" <> "points_adjustments"."requested_by_user_id")
);
--> statement-breakpoint
ALTER TABLE "points_settings" ADD COLUMN "adjustment_approval_threshold" integer DEFAULT 200 NOT NULL;--> statement-breakpoint
ALTER TABLE "points_adjustments" ADD CONSTRAINT "points_adjustments_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_adjustments" ADD CONSTRAINT "points_adjustments_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_adjustments" ADD CONSTRAINT "points_adjustments_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_adjustments" ADD CONSTRAINT "points_adjustments_requested_by_user_id_users_id_fk" FOREIGN KEY ("requested_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_adjustments" ADD CONSTRAINT "points_adjustments_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "points_adjustments_community_status_idx" ON "points_adjustments" USING btree ("community_id","status","id");--> statement-breakpoint
ALTER TABLE "points_settings" ADD CONSTRAINT "points_settings_adjustment_threshold_ck" CHECK ("points_settings"."adjustment_approval_threshold" between 1 and 1000);