import type { RestOperation } from "../operation";

const tags = ["Datasets"];

export const datasetOperations: RestOperation[] = [
  {
    id: "datasets.list",
    method: "GET",
    path: "/api/v1/datasets",
    procedure: "datasets.list",
    summary: "List datasets",
    description: "Datasets of the project by name; `search` matches a part of the name (case-insensitive).",
    tags,
  },
  {
    id: "datasets.create",
    method: "POST",
    path: "/api/v1/datasets",
    procedure: "datasets.create",
    summary: "Create an empty dataset",
    description: "Names are unique in a project: a taken name is a 409. Examples arrive through an upsert.",
    tags,
    successStatus: 201,
  },
  {
    id: "datasets.get",
    method: "GET",
    path: "/api/v1/datasets/{dataset_id}",
    procedure: "datasets.get",
    summary: "Get a dataset",
    tags,
    hidden: ["datasetName"],
  },
  {
    id: "datasets.update",
    method: "PATCH",
    path: "/api/v1/datasets/{dataset_id}",
    procedure: "datasets.update",
    summary: "Update a dataset's description or params",
    description: "Changes only the fields given; `params` replaces the whole object.",
    tags,
  },
  {
    id: "datasets.delete",
    method: "DELETE",
    path: "/api/v1/datasets/{dataset_id}",
    procedure: "datasets.delete",
    summary: "Delete a dataset",
    description:
      "Deletes the dataset with its versions and examples. While runs reference it the answer is 409, unless `force=true` (the runs are deleted with it).",
    tags,
  },
  {
    id: "datasets.fork",
    method: "POST",
    path: "/api/v1/datasets/{dataset_id}/fork",
    procedure: "datasets.fork",
    summary: "Fork a dataset",
    description:
      "Copies the dataset at `version` (default: its latest) into a new dataset `name`. The new dataset inherits the source's `params`; only the keys given here override them.",
    tags,
    successStatus: 201,
    hidden: ["datasetName"],
  },
];
