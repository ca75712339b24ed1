DROP INDEX "points_ledger_community_created_idx";--> statement-breakpoint
CREATE INDEX "activity_signups_confirmed_idx" ON "activity_signups" USING btree ("confirmed_at") WHERE "activity_signups"."confirmed_at" is not null;--> statement-breakpoint
CREATE INDEX "volunteer_profiles_community_created_idx" ON "volunteer_profiles" USING btree ("community_id","created_at");--> statement-breakpoint
CREATE INDEX "wishes_community_created_idx" ON "wishes" USING btree ("community_id","created_at");--> statement-breakpoint
CREATE INDEX "wishes_community_confirmed_idx" ON "wishes" USING btree ("community_id","confirmed_at") WHERE "wishes"."confirmed_at" is not null;--> statement-breakpoint
CREATE INDEX "points_ledger_community_created_idx" ON "points_ledger" USING btree ("community_id","created_at","reason","rule","amount","household_id","source_type","source_id");