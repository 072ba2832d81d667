CREATE TABLE `opportunities` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`lead_id` text NOT NULL,
	`name` text NOT NULL,
	`amount` real,
	`currency` text NOT NULL,
	`stage` text NOT NULL,
	`probability` integer NOT NULL,
	`close_date` text,
	`closed_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `opportunities_tenant_idx` ON `opportunities` (`tenant_id`,`test_mode`,`created_at`);--> statement-breakpoint
CREATE INDEX `opportunities_lead_idx` ON `opportunities` (`tenant_id`,`test_mode`,`lead_id`);--> statement-breakpoint
CREATE TABLE `statuses` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`entity_type` text NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`color` text,
	`sort_order` integer NOT NULL,
	`is_default` integer NOT NULL,
	`is_closed` integer NOT NULL,
	`is_won` integer NOT NULL,
	`default_probability` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `statuses_code_unique` ON `statuses` (`tenant_id`,`test_mode`,`entity_type`,`code`);--> statement-breakpoint
CREATE INDEX `statuses_order_idx` ON `statuses` (`tenant_id`,`test_mode`,`entity_type`,`sort_order`);--> statement-breakpoint
CREATE TABLE `workflows` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`nodes` text NOT NULL,
	`edges` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `workflows_tenant_idx` ON `workflows` (`tenant_id`,`test_mode`,`created_at`);