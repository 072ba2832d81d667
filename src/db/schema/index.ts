// The D1 schema, one file per entity area; drizzle-kit generates migrations/ from this module.
export * from "./tenancy";
export * from "./sites-and-users";
export * from "./intake";
export * from "./webhooks";
export * from "./delivery";
export * from "./analytics";
export * from "./forms";
export * from "./scoring";
export * from "./lead-generation";
export * from "./statuses";
export * from "./opportunities";
export * from "./sequences";
export * from "./landing-pages";
export * from "./campaigns";
