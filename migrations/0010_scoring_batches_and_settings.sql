CREATE TABLE `scoring_batch_chunks` (
	`batch_id` text NOT NULL,
	`chunk` integer NOT NULL,
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`status` text NOT NULL,
	`leads` text NOT NULL,
	`results` text,
	`error` text,
	`completed_at` text,
	PRIMARY KEY(`batch_id`, `chunk`)
);
--> statement-breakpoint
CREATE TABLE `scoring_batches` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`status` text NOT NULL,
	`async` integer NOT NULL,
	`total_leads` integer NOT NULL,
	`total_chunks` integer NOT NULL,
	`options` text NOT NULL,
	`webhook_url` text,
	`webhook_endpoint_id` text,
	`scored_leads` integer,
	`failed_leads` integer,
	`created_at` text NOT NULL,
	`completed_at` text
);
--> statement-breakpoint
CREATE INDEX `scoring_batches_tenant_idx` ON `scoring_batches` (`tenant_id`,`test_mode`,`created_at`);--> statement-breakpoint
CREATE TABLE `scoring_settings` (
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`hot_threshold` integer,
	`warm_threshold` integer,
	`deal_value` real,
	`min_outcomes_per_class` integer,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `test_mode`)
);
--> statement-breakpoint
ALTER TABLE `outbox_events` ADD `endpoint_id` text;