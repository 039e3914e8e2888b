ALTER TABLE "subdistrict_centres" ADD COLUMN "leader_phone_enc" text;--> statement-breakpoint
ALTER TABLE "volunteers" ADD COLUMN "phone_enc" text;