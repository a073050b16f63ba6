/** The Phoenix server version Cairn answers as: 15 is the first with declarative dataset uploads (`action=update`, `example_ids`). */
export const PHOENIX_SERVER_VERSION = "15.0.0";
export const PHOENIX_VERSION_HEADER = "x-phoenix-server-version";

/** The response with the version header Phoenix clients read to pick their server capabilities. */
export function withPhoenixVersion(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.set(PHOENIX_VERSION_HEADER, PHOENIX_SERVER_VERSION);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
