CREATE TABLE "points_monthly_totals" (
	"community_id" integer NOT NULL,
	"month" date NOT NULL,
	"issued" integer NOT NULL,
	"redeemed" integer NOT NULL,
	CONSTRAINT "points_monthly_totals_community_id_month_pk" PRIMARY KEY("community_id","month")
);
--> statement-breakpoint
ALTER TABLE "points_monthly_totals" ADD CONSTRAINT "points_monthly_totals_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;