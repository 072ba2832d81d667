ALTER TABLE `leads` ADD `conversion_probability` real;--> statement-breakpoint
ALTER TABLE `leads` ADD `score_category` text;--> statement-breakpoint
ALTER TABLE `leads` ADD `scoring_model` text;--> statement-breakpoint
ALTER TABLE `leads` ADD `scored_at` text;--> statement-breakpoint
CREATE INDEX `leads_tenant_phone_idx` ON `leads` (`tenant_id`,`test_mode`,`phone`);