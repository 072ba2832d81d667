CREATE TABLE `prospect_providers` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`name` text NOT NULL,
	`url` text NOT NULL,
	`auth_header_name` text,
	`auth_header_value` text,
	`field_mapping` text NOT NULL,
	`enabled` integer NOT NULL,
	`last_error` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `prospect_providers_tenant_idx` ON `prospect_providers` (`tenant_id`,`test_mode`,`created_at`);