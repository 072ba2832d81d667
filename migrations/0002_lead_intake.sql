CREATE TABLE `flows` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`status` text NOT NULL,
	`steps` text NOT NULL,
	`settings` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `flows_tenant_idx` ON `flows` (`tenant_id`,`test_mode`,`created_at`);--> statement-breakpoint
CREATE TABLE `lead_events` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`lead_id` text NOT NULL,
	`flow_id` text,
	`type` text NOT NULL,
	`outcome` text NOT NULL,
	`reason` text,
	`data` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `lead_events_lead_idx` ON `lead_events` (`tenant_id`,`lead_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `lead_events_flow_idx` ON `lead_events` (`tenant_id`,`test_mode`,`flow_id`,`type`,`created_at`);--> statement-breakpoint
CREATE TABLE `leads` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`flow_id` text,
	`external_id` text,
	`status` text NOT NULL,
	`first_name` text,
	`last_name` text,
	`name` text,
	`email` text,
	`phone` text,
	`company` text,
	`position` text,
	`industry` text,
	`website` text,
	`address` text,
	`city` text,
	`state` text,
	`postal_code` text,
	`country` text,
	`location` text,
	`company_size` text,
	`employees` integer,
	`revenue` real,
	`linkedin` text,
	`source` text,
	`campaign` text,
	`score` real,
	`match_score` real,
	`quality_score` real,
	`verified` integer,
	`engagement_score` real,
	`last_interaction_at` text,
	`custom_fields` text NOT NULL,
	`consent` text,
	`trusted_form_cert_url` text,
	`enhancements` text NOT NULL,
	`quality_metrics` text,
	`price_amount` real,
	`price_currency` text,
	`reason` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `leads_tenant_created_idx` ON `leads` (`tenant_id`,`test_mode`,`created_at`);--> statement-breakpoint
CREATE INDEX `leads_tenant_flow_idx` ON `leads` (`tenant_id`,`test_mode`,`flow_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `leads_tenant_status_idx` ON `leads` (`tenant_id`,`test_mode`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `leads_tenant_source_idx` ON `leads` (`tenant_id`,`test_mode`,`source`,`created_at`);--> statement-breakpoint
CREATE INDEX `leads_tenant_campaign_idx` ON `leads` (`tenant_id`,`test_mode`,`campaign`,`created_at`);--> statement-breakpoint
CREATE INDEX `leads_tenant_email_idx` ON `leads` (`tenant_id`,`test_mode`,`email`);--> statement-breakpoint
CREATE TABLE `outbox_events` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`event_type` text NOT NULL,
	`payload` text NOT NULL,
	`created_at` text NOT NULL,
	`dispatched_at` text
);
--> statement-breakpoint
CREATE INDEX `outbox_events_pending_idx` ON `outbox_events` (`dispatched_at`,`created_at`);--> statement-breakpoint
CREATE INDEX `outbox_events_tenant_idx` ON `outbox_events` (`tenant_id`,`test_mode`,`created_at`);