CREATE TABLE `forms` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`flow_id` text NOT NULL,
	`name` text NOT NULL,
	`allowed_origins` text NOT NULL,
	`redirect_url` text,
	`honeypot_field` text NOT NULL,
	`require_turnstile` integer NOT NULL,
	`field_mapping` text NOT NULL,
	`enabled` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `forms_tenant_idx` ON `forms` (`tenant_id`,`test_mode`,`created_at`);