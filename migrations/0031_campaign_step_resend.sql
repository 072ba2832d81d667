-- A campaign step message that surely did not go (suppressed, or failed for a known reason) no
-- longer holds its (campaign, step, lead) place, so sending the step again can reach the lead; one
-- failed with its outcome unknown may have arrived and still holds it.
DROP INDEX `messages_campaign_step_unique`;--> statement-breakpoint
CREATE UNIQUE INDEX `messages_campaign_step_unique` ON `messages` (`campaign_id`,`step_index`,`lead_id`) WHERE "messages"."campaign_id" IS NOT NULL AND ("messages"."status" NOT IN ('failed', 'suppressed') OR "messages"."error" LIKE 'outcome unknown:%');