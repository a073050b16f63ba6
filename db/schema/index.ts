export * from "./projects";
export * from "./datasets";
export * from "./versions";
export * from "./examples";
export * from "./upserts";
export * from "./runs";
export * from "./results";
export * from "./metrics";
