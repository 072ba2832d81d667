ALTER TABLE `scoring_batch_chunks` ADD `enqueued_at` text;--> statement-breakpoint
CREATE INDEX `scoring_batch_chunks_pending_idx` ON `scoring_batch_chunks` (`status`,`enqueued_at`);--> statement-breakpoint
CREATE INDEX `playground_items_stalled_idx` ON `playground_items` (`status`,`updated_at`);