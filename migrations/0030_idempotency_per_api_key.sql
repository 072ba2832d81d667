-- Idempotency records now belong to the API key that made them. Records kept from before name no
-- key (''), so no request matches them: a repeat of one runs again, and they expire within 24 h.
-- The column defaults to '' so that code deployed before this migration still inserts its claims.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_idempotency_keys` (
	`tenant_id` text NOT NULL,
	`test_mode` integer NOT NULL,
	`api_key_id` text DEFAULT '' NOT NULL,
	`key` text NOT NULL,
	`fingerprint` text NOT NULL,
	`state` text NOT NULL,
	`response_status` integer,
	`response_headers` text,
	`response_body` text,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `test_mode`, `api_key_id`, `key`)
);
--> statement-breakpoint
INSERT INTO `__new_idempotency_keys`("tenant_id", "test_mode", "api_key_id", "key", "fingerprint", "state", "response_status", "response_headers", "response_body", "created_at", "expires_at") SELECT "tenant_id", "test_mode", '', "key", "fingerprint", "state", "response_status", "response_headers", "response_body", "created_at", "expires_at" FROM `idempotency_keys`;--> statement-breakpoint
DROP TABLE `idempotency_keys`;--> statement-breakpoint
ALTER TABLE `__new_idempotency_keys` RENAME TO `idempotency_keys`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `idempotency_keys_expires_idx` ON `idempotency_keys` (`expires_at`);