CREATE TYPE "public"."booking_status" AS ENUM('pending', 'confirmed', 'rejected', 'cancelled', 'checked_in', 'no_show');--> statement-breakpoint
CREATE TYPE "public"."resource_kind" AS ENUM('room', 'tool');--> statement-breakpoint
ALTER TYPE "public"."upload_purpose" ADD VALUE 'station_photo';--> statement-breakpoint
CREATE TABLE "booking_suspensions" (
	"id" serial PRIMARY KEY NOT NULL,
	"community_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"trigger_booking_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "booking_suspensions_trigger_booking_id_unique" UNIQUE("trigger_booking_id")
);
--> statement-breakpoint
CREATE TABLE "bookings" (
	"id" serial PRIMARY KEY NOT NULL,
	"community_id" integer NOT NULL,
	"room_id" integer NOT NULL,
	"booker_user_id" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"blocked_until" timestamp with time zone NOT NULL,
	"purpose" text NOT NULL,
	"attendees" integer NOT NULL,
	"is_public" boolean DEFAULT false NOT NULL,
	"status" "booking_status" NOT NULL,
	"reject_reason" text,
	"cancel_reason" text,
	"decided_by_user_id" integer,
	"decided_at" timestamp with time zone,
	"checked_in_at" timestamp with time zone,
	"checked_in_by_user_id" integer,
	"no_show_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bookings_period_ck" CHECK ("bookings"."ends_at" > "bookings"."starts_at" and "bookings"."blocked_until" >= "bookings"."ends_at"),
	CONSTRAINT "bookings_attendees_ck" CHECK ("bookings"."attendees" > 0)
);
--> statement-breakpoint
CREATE TABLE "room_closures" (
	"id" serial PRIMARY KEY NOT NULL,
	"community_id" integer NOT NULL,
	"room_id" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"created_by_user_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "room_closures_period_ck" CHECK ("room_closures"."ends_at" > "room_closures"."starts_at")
);
--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "kind" "resource_kind" DEFAULT 'room' NOT NULL;--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "description" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "photo_ids" integer[] DEFAULT '{}'::int[] NOT NULL;--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "active" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "slot_minutes" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "min_duration_minutes" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "max_duration_minutes" integer DEFAULT 240 NOT NULL;--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "advance_days" integer DEFAULT 14 NOT NULL;--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "min_notice_minutes" integer DEFAULT 60 NOT NULL;--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "requires_approval" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "buffer_minutes" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "max_active_per_person" integer DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "cancel_deadline_minutes" integer DEFAULT 120 NOT NULL;--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "no_show_after_minutes" integer DEFAULT 15 NOT NULL;--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "check_in_code" text DEFAULT substr(md5(random()::text || clock_timestamp()::text), 1, 16) NOT NULL;--> statement-breakpoint
ALTER TABLE "stations" ADD COLUMN "photo_ids" integer[] DEFAULT '{}'::int[] NOT NULL;--> statement-breakpoint
ALTER TABLE "booking_suspensions" ADD CONSTRAINT "booking_suspensions_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_suspensions" ADD CONSTRAINT "booking_suspensions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_suspensions" ADD CONSTRAINT "booking_suspensions_trigger_booking_id_bookings_id_fk" FOREIGN KEY ("trigger_booking_id") REFERENCES "public"."bookings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_booker_user_id_users_id_fk" FOREIGN KEY ("booker_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_checked_in_by_user_id_users_id_fk" FOREIGN KEY ("checked_in_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_closures" ADD CONSTRAINT "room_closures_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_closures" ADD CONSTRAINT "room_closures_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_closures" ADD CONSTRAINT "room_closures_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "booking_suspensions_user_idx" ON "booking_suspensions" USING btree ("user_id","ends_at");--> statement-breakpoint
CREATE INDEX "bookings_room_period_idx" ON "bookings" USING btree ("room_id","starts_at");--> statement-breakpoint
CREATE INDEX "bookings_booker_idx" ON "bookings" USING btree ("booker_user_id","starts_at");--> statement-breakpoint
CREATE INDEX "bookings_community_status_idx" ON "bookings" USING btree ("community_id","status","starts_at");--> statement-breakpoint
CREATE INDEX "room_closures_room_idx" ON "room_closures" USING btree ("room_id","ends_at");--> statement-breakpoint
ALTER TABLE "rooms" ADD CONSTRAINT "rooms_rules_ck" CHECK ("rooms"."slot_minutes" in (30, 60, 1440) and "rooms"."min_duration_minutes" > 0 and "rooms"."max_duration_minutes" >= "rooms"."min_duration_minutes"
    and "rooms"."min_duration_minutes" % "rooms"."slot_minutes" = 0 and "rooms"."max_duration_minutes" % "rooms"."slot_minutes" = 0 and "rooms"."advance_days" >= 0
    and "rooms"."min_notice_minutes" >= 0 and "rooms"."buffer_minutes" >= 0 and "rooms"."max_active_per_person" > 0 and "rooms"."cancel_deadline_minutes" >= 0 and "rooms"."no_show_after_minutes" > 0);--> statement-breakpoint
ALTER TABLE "rooms" ADD CONSTRAINT "rooms_tool_by_day_ck" CHECK (("rooms"."kind" = 'tool') = ("rooms"."slot_minutes" = 1440));--> statement-breakpoint
-- Hand-written: no two holds of one room may overlap (period plus buffer). btree_gist lets the gist index
-- compare room_id with =. This is the safety net; the service serialises bookings of a room with a row lock.
CREATE EXTENSION IF NOT EXISTS btree_gist;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_no_overlap" EXCLUDE USING gist ("room_id" WITH =, tstzrange("starts_at", "blocked_until", '[)') WITH &&) WHERE ("status" in ('pending', 'confirmed', 'checked_in'));
