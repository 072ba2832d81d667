CREATE TABLE `sequence_enrollments` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`sequence_id` text NOT NULL,
	`version` integer NOT NULL,
	`lead_id` text NOT NULL,
	`status` text NOT NULL,
	`source` text NOT NULL,
	`current_node_id` text,
	`path` text NOT NULL,
	`next_wake_at` text,
	`exit_reason` text,
	`public_url` text NOT NULL,
	`dispatched_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`ended_at` text
);
--> statement-breakpoint
CREATE INDEX `sequence_enrollments_sequence_idx` ON `sequence_enrollments` (`tenant_id`,`sequence_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `sequence_enrollments_lead_idx` ON `sequence_enrollments` (`tenant_id`,`lead_id`,`sequence_id`);--> statement-breakpoint
CREATE INDEX `sequence_enrollments_pending_idx` ON `sequence_enrollments` (`dispatched_at`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `sequence_enrollments_running_unique` ON `sequence_enrollments` (`sequence_id`,`lead_id`) WHERE "sequence_enrollments"."status" IN ('active', 'paused');--> statement-breakpoint
CREATE TABLE `sequence_events` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`sequence_id` text NOT NULL,
	`version` integer NOT NULL,
	`enrollment_id` text NOT NULL,
	`node_id` text,
	`type` text NOT NULL,
	`reason` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sequence_events_sequence_idx` ON `sequence_events` (`tenant_id`,`sequence_id`,`version`,`type`);--> statement-breakpoint
CREATE TABLE `sequence_send_slots` (
	`enrollment_id` text NOT NULL,
	`node_id` text NOT NULL,
	`tenant_id` text NOT NULL,
	`lead_id` text NOT NULL,
	`day` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`enrollment_id`, `node_id`)
);
--> statement-breakpoint
CREATE INDEX `sequence_send_slots_lead_idx` ON `sequence_send_slots` (`tenant_id`,`lead_id`,`day`);--> statement-breakpoint
CREATE TABLE `sequence_versions` (
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`sequence_id` text NOT NULL,
	`version` integer NOT NULL,
	`nodes` text NOT NULL,
	`edges` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`sequence_id`, `version`)
);
--> statement-breakpoint
CREATE INDEX `sequence_versions_tenant_idx` ON `sequence_versions` (`tenant_id`,`sequence_id`);--> statement-breakpoint
ALTER TABLE `messages` ADD `enrollment_id` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `node_id` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `time_zone` text;--> statement-breakpoint
CREATE UNIQUE INDEX `messages_enrollment_node_unique` ON `messages` (`enrollment_id`,`node_id`) WHERE "messages"."enrollment_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE `sequence_definitions` ADD `status` text DEFAULT 'draft' NOT NULL;--> statement-breakpoint
ALTER TABLE `sequence_definitions` ADD `active_version` integer;--> statement-breakpoint
ALTER TABLE `sequence_definitions` ADD `allow_reenrollment` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `sequence_definitions` ADD `exit_on_reply` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `tenants` ADD `lead_daily_email_cap` integer;