ALTER TABLE "posts" ADD COLUMN "message_kind" text;--> statement-breakpoint
-- Reservations made before calls had states: a future one without a call out is a plan whose job
-- books again under its owner; the rest are calls that were out or made.
DELETE FROM "rate_reservations" WHERE "in_flight_until" IS NULL AND "at" > now();--> statement-breakpoint
ALTER TABLE "rate_reservations" ADD COLUMN "state" text;--> statement-breakpoint
ALTER TABLE "rate_reservations" ADD COLUMN "owner" text;--> statement-breakpoint
UPDATE "rate_reservations" SET "state" = CASE WHEN "in_flight_until" IS NULL THEN 'made' ELSE 'out' END, "owner" = 'before-0004';--> statement-breakpoint
ALTER TABLE "rate_reservations" ALTER COLUMN "state" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "rate_reservations" ALTER COLUMN "owner" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "rate_reservations" ADD COLUMN "post_id" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "rate_reservations_booking_uq" ON "rate_reservations" USING btree ("key","owner") WHERE "rate_reservations"."state" = 'booked';
