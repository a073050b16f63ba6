/**
 * A Node built-in module through process.getBuiltinModule (Node >= 20.16), without a `node:`
 * import, so bundlers and browsers never see one: undefined wherever it is not there.
 */
export function nodeBuiltin<T>(id: string): T | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.(id) as T | undefined;
}
