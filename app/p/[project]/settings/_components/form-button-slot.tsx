import type { ReactNode } from "react";

/** A form's submit button in a row of labelled fields: level with the inputs, below their labels. */
export function FormButtonSlot({ children }: { children: ReactNode }) {
  return (
    <div className="flex flex-col items-start gap-1.5">
      <span aria-hidden="true" className="hidden text-xs md:block">
        &nbsp;
      </span>
      {children}
    </div>
  );
}
