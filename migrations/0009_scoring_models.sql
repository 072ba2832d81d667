CREATE TABLE `scoring_models` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`version` integer NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`parameters` text,
	`metrics` text,
	`samples` text,
	`deal_value` real,
	`created_at` text NOT NULL,
	`trained_at` text
);
--> statement-breakpoint
CREATE INDEX `scoring_models_tenant_idx` ON `scoring_models` (`tenant_id`,`test_mode`,`status`,`version`);