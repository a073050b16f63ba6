import { redirect } from "next/navigation";
import { projectHref } from "./_lib/paths";

export default function Home(): never {
  redirect(projectHref("default", "datasets"));
}
