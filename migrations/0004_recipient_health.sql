CREATE TABLE `recipient_health` (
	`tenant_id` text NOT NULL,
	`flow_id` text NOT NULL,
	`step_id` text NOT NULL,
	`consecutive_errors` integer NOT NULL,
	`paused_at` text,
	`paused_reason` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `flow_id`, `step_id`)
);
