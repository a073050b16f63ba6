import type { RestOperation } from "../../rest/operation";
import { restOperations } from "../../rest/operations";
import { phoenixDatasetOperations } from "./datasets";
import { phoenixExperimentOperations } from "./experiments";
import { phoenixTraceOperations } from "./traces";

/** The Phoenix-compatible surface at `/v1/...`: Phoenix's routes and shapes over Cairn's procedures. */
export const phoenixOperations: readonly RestOperation[] = [...phoenixDatasetOperations, ...phoenixExperimentOperations, ...phoenixTraceOperations];

/** Everything `/api/openapi.json` documents: Cairn's REST surface, then the Phoenix-compatible one. */
export const documentedOperations: readonly RestOperation[] = [...restOperations, ...phoenixOperations];
