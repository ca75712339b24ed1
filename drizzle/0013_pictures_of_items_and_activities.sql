ALTER TYPE "public"."upload_purpose" ADD VALUE 'shop_photo';--> statement-breakpoint
ALTER TYPE "public"."upload_purpose" ADD VALUE 'activity_photo';--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "photo_id" integer;--> statement-breakpoint
ALTER TABLE "shop_items" ADD COLUMN "photo_id" integer;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_photo_id_uploads_id_fk" FOREIGN KEY ("photo_id") REFERENCES "public"."uploads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shop_items" ADD CONSTRAINT "shop_items_photo_id_uploads_id_fk" FOREIGN KEY ("photo_id") REFERENCES "public"."uploads"("id") ON DELETE no action ON UPDATE no action;