CREATE TABLE `lead_generation_commands` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`site_id` text NOT NULL,
	`user_id` text,
	`agent_id` text,
	`status` text NOT NULL,
	`priority` text NOT NULL,
	`leads_requested` integer NOT NULL,
	`leads_delivered` integer,
	`lead_gen_data` text NOT NULL,
	`command` text NOT NULL,
	`stage` text NOT NULL,
	`progress_percentage` integer NOT NULL,
	`leads_found` integer NOT NULL,
	`leads_verified` integer NOT NULL,
	`stage_timings` text NOT NULL,
	`webhook_endpoint_id` text,
	`webhook_metadata` text,
	`summary` text,
	`error` text,
	`estimated_completion_at` text NOT NULL,
	`completed_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `lead_generation_commands_tenant_idx` ON `lead_generation_commands` (`tenant_id`,`test_mode`,`created_at`);--> statement-breakpoint
CREATE INDEX `lead_generation_commands_status_idx` ON `lead_generation_commands` (`tenant_id`,`test_mode`,`status`);--> statement-breakpoint
CREATE TABLE `lead_generation_leads` (
	`command_id` text NOT NULL,
	`lead_id` text NOT NULL,
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`rank` integer NOT NULL,
	`contact_id` text NOT NULL,
	`match_score` real NOT NULL,
	`match_reasons` text NOT NULL,
	`verified` integer NOT NULL,
	`verification` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`command_id`, `lead_id`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lead_generation_leads_contact_unique` ON `lead_generation_leads` (`tenant_id`,`test_mode`,`contact_id`);--> statement-breakpoint
CREATE INDEX `lead_generation_leads_rank_idx` ON `lead_generation_leads` (`command_id`,`rank`);