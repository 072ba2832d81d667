CREATE TABLE `lead_daily_stats` (
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`day` text NOT NULL,
	`flow_id` text NOT NULL,
	`source` text NOT NULL,
	`campaign` text NOT NULL,
	`total` integer NOT NULL,
	`accepted` integer NOT NULL,
	`delivered` integer NOT NULL,
	`converted` integer NOT NULL,
	`quality_sum` real NOT NULL,
	PRIMARY KEY(`tenant_id`, `test_mode`, `day`, `flow_id`, `source`, `campaign`)
);
