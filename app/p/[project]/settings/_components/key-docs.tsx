/** Code in running text (an env var, a header). */
export function Code({ children }: { children: string }) {
  return <code className="rounded bg-muted px-1 py-0.5 font-mono text-[0.92em] text-foreground">{children}</code>;
}

/** What a key is for and how code sends it. */
export function KeysPurpose() {
  return (
    <>
      A key lets the SDK, the CLI or the REST API act in this project without signing in: set it as <Code>CAIRN_API_KEY</Code>, or send{" "}
      <Code>Authorization: Bearer &lt;key&gt;</Code>.
    </>
  );
}
