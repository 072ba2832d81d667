ALTER TABLE `leads` ADD `converted` integer;--> statement-breakpoint
ALTER TABLE `leads` ADD `outcome_value` real;--> statement-breakpoint
ALTER TABLE `leads` ADD `outcome_at` text;--> statement-breakpoint
CREATE INDEX `leads_tenant_outcome_idx` ON `leads` (`tenant_id`,`test_mode`,`outcome_at`);