import { redirect } from "next/navigation";
import { projectHref } from "../../_lib/paths";
import { projectParam, type ProjectParams } from "./params";

export default async function ProjectHome({ params }: { params: ProjectParams }): Promise<never> {
  redirect(projectHref(await projectParam(params), "datasets"));
}
