DROP INDEX `leads_tenant_email_idx`;--> statement-breakpoint
CREATE INDEX `leads_tenant_email_nocase_idx` ON `leads` (`tenant_id`,`test_mode`,"email" COLLATE NOCASE);