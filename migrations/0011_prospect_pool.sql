CREATE TABLE `prospect_companies` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`name` text NOT NULL,
	`domain` text,
	`industry` text,
	`employees` integer,
	`size_band` text,
	`revenue_usd` real,
	`country` text,
	`city` text,
	`keywords` text NOT NULL,
	`description` text,
	`technologies` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `prospect_companies_domain_unique` ON `prospect_companies` (`tenant_id`,`test_mode`,`domain`);--> statement-breakpoint
CREATE INDEX `prospect_companies_industry_idx` ON `prospect_companies` (`tenant_id`,`test_mode`,`industry`);--> statement-breakpoint
CREATE TABLE `prospect_contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`company_id` text,
	`first_name` text,
	`last_name` text,
	`title` text,
	`email` text NOT NULL,
	`phone` text,
	`linkedin` text,
	`country` text,
	`city` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `prospect_contacts_email_unique` ON `prospect_contacts` (`tenant_id`,`test_mode`,`email`);--> statement-breakpoint
CREATE INDEX `prospect_contacts_company_idx` ON `prospect_contacts` (`tenant_id`,`test_mode`,`company_id`);