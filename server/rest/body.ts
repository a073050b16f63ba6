import { RestError } from "./errors";

function tooLarge(limit: number): RestError {
  return new RestError("PAYLOAD_TOO_LARGE", `the request body is larger than ${limit} bytes; send it in smaller parts`, { limit_bytes: limit });
}

/** The request body, refused with 413 as soon as it passes `limit` bytes (whatever Content-Length says). */
export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const next = await reader.read();
    if (next.done) break;
    size += next.value.length;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    parts.push(next.value);
  }
  const whole = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    whole.set(part, at);
    at += part.length;
  }
  return whole;
}

/** The JSON body, or undefined when there is none. */
export async function readJsonBody(request: Request, limit: number): Promise<unknown> {
  const bytes = await readBody(request, limit);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new RestError("BAD_REQUEST", "the request body is not valid UTF-8");
  }
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new RestError("BAD_REQUEST", `the request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}
