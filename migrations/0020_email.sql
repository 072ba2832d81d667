ALTER TABLE `senders` RENAME COLUMN "email" TO "from_email";--> statement-breakpoint
CREATE TABLE `email_log` (
	`message_id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`raw` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `email_outbox` (
	`message_id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`created_at` text NOT NULL,
	`dispatched_at` text
);
--> statement-breakpoint
CREATE INDEX `email_outbox_pending_idx` ON `email_outbox` (`dispatched_at`,`created_at`);--> statement-breakpoint
CREATE TABLE `message_events` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`message_id` text NOT NULL,
	`type` text NOT NULL,
	`data` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `message_events_message_idx` ON `message_events` (`message_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `messages` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`lead_id` text NOT NULL,
	`sender_id` text NOT NULL,
	`campaign_id` text,
	`step_index` integer,
	`send_batch_id` text,
	`to_email` text NOT NULL,
	`subject` text NOT NULL,
	`html` text NOT NULL,
	`text` text NOT NULL,
	`links` text NOT NULL,
	`public_url` text NOT NULL,
	`message_id_header` text NOT NULL,
	`status` text NOT NULL,
	`provider_message_id` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`error` text,
	`open_count` integer DEFAULT 0 NOT NULL,
	`click_count` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	`sent_at` text,
	`first_opened_at` text,
	`first_clicked_at` text,
	`replied_at` text,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `messages_tenant_idx` ON `messages` (`tenant_id`,`test_mode`,`created_at`);--> statement-breakpoint
CREATE INDEX `messages_lead_idx` ON `messages` (`tenant_id`,`lead_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `messages_batch_idx` ON `messages` (`send_batch_id`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `messages_header_unique` ON `messages` (`message_id_header`);--> statement-breakpoint
CREATE TABLE `send_batches` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`campaign_id` text NOT NULL,
	`step_index` integer NOT NULL,
	`sender_id` text NOT NULL,
	`total` integer NOT NULL,
	`status` text NOT NULL,
	`created_at` text NOT NULL,
	`completed_at` text
);
--> statement-breakpoint
CREATE INDEX `send_batches_campaign_idx` ON `send_batches` (`tenant_id`,`campaign_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `suppressions` (
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`email` text NOT NULL,
	`reason` text NOT NULL,
	`message_id` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `test_mode`, `email`)
);
--> statement-breakpoint
ALTER TABLE `senders` ADD `from_name` text;--> statement-breakpoint
ALTER TABLE `senders` ADD `reply_to` text;--> statement-breakpoint
ALTER TABLE `senders` ADD `transport` text DEFAULT 'log' NOT NULL;--> statement-breakpoint
ALTER TABLE `senders` ADD `smtp` text;--> statement-breakpoint
ALTER TABLE `senders` ADD `smtp_password` text;--> statement-breakpoint
ALTER TABLE `senders` ADD `daily_limit` integer DEFAULT 200 NOT NULL;--> statement-breakpoint
ALTER TABLE `senders` ADD `time_zone` text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE `senders` ADD `send_window` text;--> statement-breakpoint
ALTER TABLE `senders` ADD `tracking` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `tenants` ADD `sending_domains` text DEFAULT '[]' NOT NULL;