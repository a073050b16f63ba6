import type { AuthStatus, Member, MemberRole } from "@/lib/contracts";

/** The caller's role in the project: in single-user mode the owner, else their row among the members. */
export function callerRole(auth: AuthStatus, members: Member[]): MemberRole | null {
  if (auth.mode === "local") return "owner";
  const me = auth.user?.id;
  return members.find((m) => m.userId === me)?.role ?? null;
}

export const ROLE_LABELS: Record<MemberRole, string> = { owner: "Owner", member: "Member", viewer: "Viewer" };

export const ROLE_HINTS: Record<MemberRole, string> = {
  owner: "everything, members and keys included",
  member: "reads and writes",
  viewer: "reads only",
};
