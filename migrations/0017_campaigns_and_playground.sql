CREATE TABLE `campaign_leads` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`campaign_id` text NOT NULL,
	`lead_id` text NOT NULL,
	`assignment` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `campaign_leads_unique` ON `campaign_leads` (`campaign_id`,`lead_id`);--> statement-breakpoint
CREATE INDEX `campaign_leads_assignment_idx` ON `campaign_leads` (`campaign_id`,`assignment`,`created_at`);--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`name` text NOT NULL,
	`system_prompt` text,
	`sender_id` text,
	`workflow_id` text,
	`status` text NOT NULL,
	`steps` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `campaigns_tenant_idx` ON `campaigns` (`tenant_id`,`test_mode`,`created_at`);--> statement-breakpoint
CREATE TABLE `drafts` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`campaign_id` text NOT NULL,
	`campaign_lead_id` text NOT NULL,
	`lead_id` text NOT NULL,
	`step_index` integer NOT NULL,
	`prompt_version_hash` text NOT NULL,
	`batch_id` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`provenance` text NOT NULL,
	`token_usage` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `drafts_idempotency_unique` ON `drafts` (`campaign_id`,`campaign_lead_id`,`prompt_version_hash`,`batch_id`);--> statement-breakpoint
CREATE INDEX `drafts_campaign_idx` ON `drafts` (`campaign_id`,`step_index`,`created_at`);--> statement-breakpoint
CREATE TABLE `playground_batches` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`campaign_id` text NOT NULL,
	`step_index` integer NOT NULL,
	`prompt_version_hash` text NOT NULL,
	`prompt_source` text NOT NULL,
	`prompt` text NOT NULL,
	`total` integer NOT NULL,
	`status` text NOT NULL,
	`created_at` text NOT NULL,
	`completed_at` text,
	`cancelled_at` text
);
--> statement-breakpoint
CREATE INDEX `playground_batches_campaign_idx` ON `playground_batches` (`campaign_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `playground_items` (
	`batch_id` text NOT NULL,
	`campaign_lead_id` text NOT NULL,
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`status` text NOT NULL,
	`error` text,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `playground_items_unique` ON `playground_items` (`batch_id`,`campaign_lead_id`);--> statement-breakpoint
CREATE INDEX `playground_items_status_idx` ON `playground_items` (`batch_id`,`status`);--> statement-breakpoint
CREATE TABLE `senders` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`signature` text,
	`custom_prompt` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `senders_tenant_idx` ON `senders` (`tenant_id`,`test_mode`,`created_at`);