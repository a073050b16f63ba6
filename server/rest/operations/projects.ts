import type { RestOperation } from "../operation";

const tags = ["Projects"];
const byId = { project_id: "id" };

export const projectOperations: RestOperation[] = [
  {
    id: "projects.list",
    method: "GET",
    path: "/api/v1/projects",
    procedure: "projects.list",
    summary: "List projects",
    tags,
    projectScoped: false,
  },
  {
    id: "projects.create",
    method: "POST",
    path: "/api/v1/projects",
    procedure: "projects.create",
    summary: "Create a project",
    description: "Project names are unique: a taken name is a 409.",
    tags,
    successStatus: 201,
    projectScoped: false,
  },
  {
    id: "projects.get",
    method: "GET",
    path: "/api/v1/projects/{project_id}",
    procedure: "projects.get",
    summary: "Get a project",
    tags,
    pathFields: byId,
    hidden: ["name"],
    projectScoped: false,
  },
  {
    id: "projects.rename",
    method: "PATCH",
    path: "/api/v1/projects/{project_id}",
    procedure: "projects.rename",
    summary: "Rename a project",
    tags,
    pathFields: byId,
    projectScoped: false,
  },
  {
    id: "projects.delete",
    method: "DELETE",
    path: "/api/v1/projects/{project_id}",
    procedure: "projects.delete",
    summary: "Delete a project",
    description: "Deletes the project with everything in it: datasets, versions, runs, results and metrics.",
    tags,
    pathFields: byId,
    projectScoped: false,
  },
];
