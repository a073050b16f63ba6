export * from "./common";
export * from "./projects";
