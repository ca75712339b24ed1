CREATE INDEX "activity_signups_community_starts_idx" ON "activity_signups" USING btree ("community_id","starts_at");--> statement-breakpoint
CREATE INDEX "audit_log_created_idx" ON "audit_log" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "audit_log_community_created_idx" ON "audit_log" USING btree ("community_id","created_at","id");--> statement-breakpoint
CREATE INDEX "audit_log_actor_created_idx" ON "audit_log" USING btree ("actor_user_id","created_at","id");--> statement-breakpoint
CREATE INDEX "personal_data_access_actor_created_idx" ON "personal_data_access" USING btree ("actor_user_id","created_at","id");