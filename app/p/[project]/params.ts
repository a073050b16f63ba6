import { safeDecode } from "../../_lib/paths";

export type ProjectParams = Promise<{ project: string }>;

/** The project name from the route, as stored (the URL segment percent-decoded). */
export async function projectParam(params: ProjectParams): Promise<string> {
  return safeDecode((await params).project);
}
