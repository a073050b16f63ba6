import type { RecordProblem } from "../../../../../_workers/upload-protocol";

const fmt = new Intl.NumberFormat("en-US");

/** Every record that blocks the upload, by line (the first 100 listed, with the total). */
export function ProblemList({ problems, count, records }: { problems: RecordProblem[]; count: number; records: number }) {
  return (
    <section role="alert" aria-labelledby="problems-heading" className="flex flex-col gap-2">
      <div className="flex flex-col gap-0.5">
        <h2 id="problems-heading" className="text-sm font-semibold text-danger">
          {fmt.format(count)} {count === 1 ? "problem" : "problems"} in {fmt.format(records)} {records === 1 ? "line" : "lines"} — nothing was uploaded
        </h2>
        <p className="text-xs text-muted-foreground">
          Fix these lines in the file and choose it again{count > problems.length ? `. The first ${problems.length} are listed` : ""}.
        </p>
      </div>
      <div className="max-h-80 overflow-y-auto rounded-md border border-danger/30">
        <table className="w-full text-xs" aria-label="Problems by line">
          <thead className="sticky top-0 bg-danger-soft text-left">
            <tr>
              <th scope="col" className="w-20 px-3 py-1.5 font-medium text-muted-foreground">
                Line
              </th>
              <th scope="col" className="px-3 py-1.5 font-medium text-muted-foreground">
                Problem
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {problems.map((p, i) => (
              <tr key={`${p.line}-${i}`}>
                <td className="px-3 py-1.5 align-top font-mono tabular-nums">{p.line > 0 ? `Line ${p.line}` : "—"}</td>
                <td className="px-3 py-1.5">
                  <span className="text-foreground">{p.message}</span>
                  {p.raw && <code className="mt-0.5 block truncate font-mono text-[11px] text-muted-foreground">{p.raw}</code>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
