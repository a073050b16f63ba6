import { useId } from "react";
import type { MemberRole } from "@/lib/contracts";
import { Select } from "../../../../_components/ui/input";
import { Field, fieldDescribedBy } from "../../../../_components/ui/label";
import { ROLE_HINTS, ROLE_LABELS } from "./roles";

/** A role picker, saying under it what the chosen role may do. */
export function RoleField<R extends MemberRole>({ roles, value, onChange }: { roles: readonly R[]; value: R; onChange: (role: R) => void }) {
  const id = useId();
  return (
    <Field id={id} label="Role" hint={ROLE_HINTS[value]}>
      <Select id={id} value={value} aria-describedby={fieldDescribedBy(id, { hint: true })} onChange={(event) => onChange(event.target.value as R)}>
        {roles.map((role) => (
          <option key={role} value={role}>
            {ROLE_LABELS[role]}
          </option>
        ))}
      </Select>
    </Field>
  );
}
