CREATE TABLE "dashboard_month_versions" (
	"community_id" integer NOT NULL,
	"month" date NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "dashboard_month_versions_community_id_month_pk" PRIMARY KEY("community_id","month")
);
--> statement-breakpoint
CREATE TABLE "dashboard_pieces" (
	"community_id" integer NOT NULL,
	"month" date NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"through" timestamp with time zone NOT NULL,
	"filled_version" integer NOT NULL,
	"figures" jsonb NOT NULL,
	"households" "bytea" NOT NULL,
	CONSTRAINT "dashboard_pieces_community_id_month_since_through_pk" PRIMARY KEY("community_id","month","since","through")
);
--> statement-breakpoint
DROP TABLE "points_monthly_totals" CASCADE;--> statement-breakpoint
ALTER TABLE "dashboard_month_versions" ADD CONSTRAINT "dashboard_month_versions_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dashboard_pieces" ADD CONSTRAINT "dashboard_pieces_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "points_ledger_refunds_idx" ON "points_ledger" USING btree ("community_id","created_at","source_id","amount") WHERE "points_ledger"."reason" = 'redemption_refund' and "points_ledger"."source_type" = 'redemption';--> statement-breakpoint
-- A row counted in the dashboard's figures of a China day already over has changed: bump its month's version, so
-- that the month's kept pieces stop counting (they count only while their filled_version is the version). Today is never
-- cached, so writes to today's and later rows — every rush — return before touching the table. "Over" is by the
-- database's clock with no margin, while the dashboard caches a day only an hour after its end by the server's
-- clock: a write that began before midnight and skipped the bump has long committed by then.
CREATE FUNCTION dashboard_month_changed(community integer, at timestamptz) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF community IS NULL OR at IS NULL OR NOT isfinite(at) THEN RETURN; END IF;
  IF at >= date_trunc('day', now() AT TIME ZONE INTERVAL '+08:00') AT TIME ZONE INTERVAL '+08:00' THEN RETURN; END IF;
  INSERT INTO dashboard_month_versions AS d (community_id, month, version)
    VALUES (community, date_trunc('month', at AT TIME ZONE INTERVAL '+08:00')::date, 1)
    ON CONFLICT (community_id, month) DO UPDATE SET version = d.version + 1;
END;
$$;
--> statement-breakpoint
-- Wishes count in the month they were posted and in the month they were confirmed.
CREATE FUNCTION wishes_dashboard_months() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM dashboard_month_changed(OLD.community_id, OLD.created_at);
    PERFORM dashboard_month_changed(OLD.community_id, OLD.confirmed_at);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM dashboard_month_changed(NEW.community_id, NEW.created_at);
    PERFORM dashboard_month_changed(NEW.community_id, NEW.confirmed_at);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Bookings and activities count in the month they start.
CREATE FUNCTION starts_at_dashboard_months() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM dashboard_month_changed(OLD.community_id, OLD.starts_at); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM dashboard_month_changed(NEW.community_id, NEW.starts_at); END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- The months of a volunteer's confirmations from `since` on, under a community: 星级 count by the confirmation that
-- takes the volunteer's running total across a threshold, so a confirmation changes the months of the later ones too.
CREATE FUNCTION dashboard_confirmations_changed(community integer, volunteer integer, since timestamptz) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  confirmed record;
BEGIN
  IF community IS NULL OR since IS NULL THEN RETURN; END IF;
  PERFORM dashboard_month_changed(community, since);
  FOR confirmed IN SELECT min(x.confirmed_at) AS at FROM activity_signups x
      WHERE x.user_id = volunteer AND x.confirmed_at > since
      GROUP BY date_trunc('month', x.confirmed_at AT TIME ZONE INTERVAL '+08:00')
  LOOP
    PERFORM dashboard_month_changed(community, confirmed.at);
  END LOOP;
END;
$$;
--> statement-breakpoint
-- Sign-ups count in the month their activity starts (under its community) and, for 星级, in the month they were
-- confirmed (under the volunteer's profile's community).
CREATE FUNCTION activity_signups_dashboard_months() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  since timestamptz;
  volunteer integer;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM dashboard_month_changed(OLD.community_id, OLD.starts_at);
    since := OLD.confirmed_at;
    volunteer := OLD.user_id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM dashboard_month_changed(NEW.community_id, NEW.starts_at);
    since := LEAST(since, NEW.confirmed_at);
    volunteer := NEW.user_id;
  END IF;
  IF since IS NOT NULL THEN
    PERFORM dashboard_confirmations_changed((SELECT p.community_id FROM volunteer_profiles p WHERE p.user_id = volunteer), volunteer, since);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Volunteers count in the month they registered, and their 星级 under their profile's community.
CREATE FUNCTION volunteer_profiles_dashboard_months() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM dashboard_month_changed(OLD.community_id, OLD.created_at);
    PERFORM dashboard_confirmations_changed(OLD.community_id, OLD.user_id, '-infinity');
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM dashboard_month_changed(NEW.community_id, NEW.created_at);
    PERFORM dashboard_confirmations_changed(NEW.community_id, NEW.user_id, '-infinity');
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- An update fires only when a column the figures read has changed: other updates (a claim's progress, a profile's
-- skills) leave the month's figures as they were and take no lock here.
CREATE TRIGGER wishes_dashboard_months AFTER INSERT OR DELETE ON wishes
  FOR EACH ROW EXECUTE FUNCTION wishes_dashboard_months();
--> statement-breakpoint
CREATE TRIGGER wishes_dashboard_months_update AFTER UPDATE ON wishes FOR EACH ROW
  WHEN ((OLD.community_id, OLD.category, OLD.created_at, OLD.opened_at, OLD.confirmed_at)
    IS DISTINCT FROM (NEW.community_id, NEW.category, NEW.created_at, NEW.opened_at, NEW.confirmed_at))
  EXECUTE FUNCTION wishes_dashboard_months();
--> statement-breakpoint
CREATE TRIGGER bookings_dashboard_months AFTER INSERT OR DELETE ON bookings
  FOR EACH ROW EXECUTE FUNCTION starts_at_dashboard_months();
--> statement-breakpoint
CREATE TRIGGER bookings_dashboard_months_update AFTER UPDATE ON bookings FOR EACH ROW
  WHEN ((OLD.community_id, OLD.room_id, OLD.status, OLD.starts_at, OLD.ends_at)
    IS DISTINCT FROM (NEW.community_id, NEW.room_id, NEW.status, NEW.starts_at, NEW.ends_at))
  EXECUTE FUNCTION starts_at_dashboard_months();
--> statement-breakpoint
CREATE TRIGGER activities_dashboard_months AFTER INSERT OR DELETE ON activities
  FOR EACH ROW EXECUTE FUNCTION starts_at_dashboard_months();
--> statement-breakpoint
CREATE TRIGGER activities_dashboard_months_update AFTER UPDATE ON activities FOR EACH ROW
  WHEN ((OLD.community_id, OLD.starts_at, OLD.published, OLD.cancelled_at)
    IS DISTINCT FROM (NEW.community_id, NEW.starts_at, NEW.published, NEW.cancelled_at))
  EXECUTE FUNCTION starts_at_dashboard_months();
--> statement-breakpoint
CREATE TRIGGER activity_signups_dashboard_months AFTER INSERT OR DELETE ON activity_signups
  FOR EACH ROW EXECUTE FUNCTION activity_signups_dashboard_months();
--> statement-breakpoint
CREATE TRIGGER activity_signups_dashboard_months_update AFTER UPDATE ON activity_signups FOR EACH ROW
  WHEN ((OLD.community_id, OLD.activity_id, OLD.starts_at, OLD.status, OLD.checked_in_at, OLD.confirmed_at, OLD.confirmed_minutes)
    IS DISTINCT FROM (NEW.community_id, NEW.activity_id, NEW.starts_at, NEW.status, NEW.checked_in_at, NEW.confirmed_at, NEW.confirmed_minutes))
  EXECUTE FUNCTION activity_signups_dashboard_months();
--> statement-breakpoint
CREATE TRIGGER volunteer_profiles_dashboard_months AFTER INSERT OR DELETE ON volunteer_profiles
  FOR EACH ROW EXECUTE FUNCTION volunteer_profiles_dashboard_months();
--> statement-breakpoint
CREATE TRIGGER volunteer_profiles_dashboard_months_update AFTER UPDATE ON volunteer_profiles FOR EACH ROW
  WHEN ((OLD.community_id, OLD.created_at) IS DISTINCT FROM (NEW.community_id, NEW.created_at))
  EXECUTE FUNCTION volunteer_profiles_dashboard_months();
--> statement-breakpoint
-- The ledger only grows. A row counts in its own month; a refund also changes its redemption's month, where the
-- redemption is counted net of it.
CREATE FUNCTION points_ledger_dashboard_months() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  redeemed_at timestamptz;
BEGIN
  PERFORM dashboard_month_changed(NEW.community_id, NEW.created_at);
  IF NEW.reason = 'redemption_refund' AND NEW.source_type = 'redemption' THEN
    FOR redeemed_at IN SELECT l.created_at FROM points_ledger l
      WHERE l.source_type = 'redemption' AND l.source_id = NEW.source_id AND l.reason = 'redemption'
    LOOP
      PERFORM dashboard_month_changed(NEW.community_id, redeemed_at);
    END LOOP;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER points_ledger_dashboard_months AFTER INSERT ON points_ledger
  FOR EACH ROW EXECUTE FUNCTION points_ledger_dashboard_months();
