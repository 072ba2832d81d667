PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_sites` (
	`id` text NOT NULL,
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`name` text NOT NULL,
	`url` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `test_mode`, `id`)
);
--> statement-breakpoint
INSERT INTO `__new_sites`("id", "tenant_id", "test_mode", "name", "url", "created_at", "updated_at") SELECT "id", "tenant_id", "test_mode", "name", "url", "created_at", "updated_at" FROM `sites`;--> statement-breakpoint
DROP TABLE `sites`;--> statement-breakpoint
ALTER TABLE `__new_sites` RENAME TO `sites`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `sites_tenant_idx` ON `sites` (`tenant_id`,`test_mode`,`created_at`);--> statement-breakpoint
CREATE TABLE `__new_users` (
	`id` text NOT NULL,
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `test_mode`, `id`)
);
--> statement-breakpoint
INSERT INTO `__new_users`("id", "tenant_id", "test_mode", "name", "email", "created_at", "updated_at") SELECT "id", "tenant_id", "test_mode", "name", "email", "created_at", "updated_at" FROM `users`;--> statement-breakpoint
DROP TABLE `users`;--> statement-breakpoint
ALTER TABLE `__new_users` RENAME TO `users`;--> statement-breakpoint
CREATE INDEX `users_tenant_idx` ON `users` (`tenant_id`,`test_mode`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_tenant_email_unique` ON `users` (`tenant_id`,`test_mode`,`email`);--> statement-breakpoint
ALTER TABLE `lead_generation_commands` ADD `error_code` text;--> statement-breakpoint
ALTER TABLE `prospect_companies` ADD `region` text;--> statement-breakpoint
ALTER TABLE `prospect_contacts` ADD `region` text;