ALTER TABLE `workflows` RENAME TO `sequence_definitions`;--> statement-breakpoint
DROP INDEX `workflows_tenant_idx`;--> statement-breakpoint
CREATE INDEX `sequence_definitions_tenant_idx` ON `sequence_definitions` (`tenant_id`,`test_mode`,`created_at`);