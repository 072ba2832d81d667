// The D1 schema, one file per entity area; drizzle-kit generates migrations/ from this module.

export * from "./analytics";
export * from "./campaigns";
export * from "./delivery";
export * from "./email";
export * from "./forms";
export * from "./intake";
export * from "./landing-pages";
export * from "./lead-generation";
export * from "./opportunities";
export * from "./scoring";
export * from "./sequences";
export * from "./sites-and-users";
export * from "./statuses";
export * from "./tenancy";
export * from "./webhooks";
