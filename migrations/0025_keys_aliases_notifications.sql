ALTER TABLE `messages` ADD `purpose` text DEFAULT 'lead' NOT NULL;--> statement-breakpoint
ALTER TABLE `leads` ADD `field_names` text;--> statement-breakpoint
ALTER TABLE `api_keys` ADD `name` text;--> statement-breakpoint
ALTER TABLE `api_keys` ADD `rotated_from_id` text;--> statement-breakpoint
ALTER TABLE `webhook_endpoints` ADD `flow_id` text;