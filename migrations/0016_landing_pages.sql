CREATE TABLE `landing_pages` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`slug` text NOT NULL,
	`sections` text NOT NULL,
	`seo` text NOT NULL,
	`style` text NOT NULL,
	`content` text NOT NULL,
	`form_id` text,
	`status` text NOT NULL,
	`published_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `landing_pages_slug_unique` ON `landing_pages` (`tenant_id`,`test_mode`,`slug`);