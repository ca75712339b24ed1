CREATE TYPE "public"."points_reason" AS ENUM('rule_award', 'staff_award', 'staff_deduction', 'redemption', 'redemption_refund', 'expiry');--> statement-breakpoint
CREATE TYPE "public"."points_rule" AS ENUM('wish_fulfilled', 'volunteer_hour', 'council_meeting', 'environment_drive');--> statement-breakpoint
CREATE TYPE "public"."redemption_status" AS ENUM('reserved', 'picked_up', 'cancelled', 'expired');--> statement-breakpoint
CREATE TYPE "public"."shop_item_kind" AS ENUM('goods', 'service');--> statement-breakpoint
CREATE TABLE "household_points" (
	"household_id" integer PRIMARY KEY NOT NULL,
	"community_id" integer NOT NULL,
	"balance" integer DEFAULT 0 NOT NULL,
	"show_on_leaderboard" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "household_points_balance_ck" CHECK ("household_points"."balance" >= 0)
);
--> statement-breakpoint
CREATE TABLE "points_ledger" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"community_id" integer NOT NULL,
	"household_id" integer NOT NULL,
	"person_id" integer,
	"amount" integer NOT NULL,
	"reason" "points_reason" NOT NULL,
	"rule" "points_rule",
	"source_type" text NOT NULL,
	"source_id" text NOT NULL,
	"event_key" text NOT NULL,
	"title" text NOT NULL,
	"actor_user_id" integer,
	"household_balance_after" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_ledger_event_key_unique" UNIQUE("event_key"),
	CONSTRAINT "points_ledger_amount_ck" CHECK ("points_ledger"."amount" <> 0),
	CONSTRAINT "points_ledger_balance_after_ck" CHECK ("points_ledger"."household_balance_after" >= 0)
);
--> statement-breakpoint
CREATE TABLE "points_rules" (
	"community_id" integer NOT NULL,
	"rule" "points_rule" NOT NULL,
	"points" integer NOT NULL,
	CONSTRAINT "points_rules_community_id_rule_pk" PRIMARY KEY("community_id","rule"),
	CONSTRAINT "points_rules_points_ck" CHECK ("points_rules"."points" >= 0)
);
--> statement-breakpoint
CREATE TABLE "points_settings" (
	"community_id" integer PRIMARY KEY NOT NULL,
	"yearly_expiry" boolean DEFAULT false NOT NULL,
	"pickup_days" integer DEFAULT 7 NOT NULL,
	CONSTRAINT "points_settings_pickup_days_ck" CHECK ("points_settings"."pickup_days" between 1 and 90)
);
--> statement-breakpoint
CREATE TABLE "redemptions" (
	"id" serial PRIMARY KEY NOT NULL,
	"community_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"household_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"points" integer NOT NULL,
	"status" "redemption_status" DEFAULT 'reserved' NOT NULL,
	"pickup_code" text NOT NULL,
	"month" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"picked_up_at" timestamp with time zone,
	"verified_by_user_id" integer,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "redemptions_pickup_code_unique" UNIQUE("pickup_code"),
	CONSTRAINT "redemptions_points_ck" CHECK ("redemptions"."points" > 0)
);
--> statement-breakpoint
CREATE TABLE "shop_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"community_id" integer NOT NULL,
	"station_id" integer NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"kind" "shop_item_kind" NOT NULL,
	"price" integer NOT NULL,
	"stock" integer NOT NULL,
	"monthly_limit" integer,
	"image_url" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shop_items_price_ck" CHECK ("shop_items"."price" > 0),
	CONSTRAINT "shop_items_stock_ck" CHECK ("shop_items"."stock" >= 0),
	CONSTRAINT "shop_items_limit_ck" CHECK ("shop_items"."monthly_limit" is null or "shop_items"."monthly_limit" > 0)
);
--> statement-breakpoint
ALTER TABLE "household_points" ADD CONSTRAINT "household_points_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_points" ADD CONSTRAINT "household_points_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_ledger" ADD CONSTRAINT "points_ledger_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_ledger" ADD CONSTRAINT "points_ledger_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_ledger" ADD CONSTRAINT "points_ledger_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_ledger" ADD CONSTRAINT "points_ledger_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_rules" ADD CONSTRAINT "points_rules_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_settings" ADD CONSTRAINT "points_settings_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_item_id_shop_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."shop_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_verified_by_user_id_users_id_fk" FOREIGN KEY ("verified_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shop_items" ADD CONSTRAINT "shop_items_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shop_items" ADD CONSTRAINT "shop_items_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "points_ledger_household_idx" ON "points_ledger" USING btree ("household_id","id");--> statement-breakpoint
CREATE INDEX "points_ledger_person_idx" ON "points_ledger" USING btree ("person_id","created_at");--> statement-breakpoint
CREATE INDEX "points_ledger_community_created_idx" ON "points_ledger" USING btree ("community_id","created_at");--> statement-breakpoint
CREATE INDEX "points_ledger_source_idx" ON "points_ledger" USING btree ("source_type","source_id");--> statement-breakpoint
CREATE INDEX "redemptions_household_idx" ON "redemptions" USING btree ("household_id","item_id","month");--> statement-breakpoint
CREATE INDEX "redemptions_reserved_expiry_idx" ON "redemptions" USING btree ("expires_at") WHERE "redemptions"."status" = 'reserved';--> statement-breakpoint
CREATE INDEX "shop_items_community_idx" ON "shop_items" USING btree ("community_id");