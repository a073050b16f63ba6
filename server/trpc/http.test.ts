import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testDriver, type TestDatabase } from "@/test/db";
import { handleTrpc } from "./http";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
  new Request(`http://127.0.0.1/api/trpc/${path}`, { method: "POST", body, headers: { "content-type": "application/json", ...headers }, duplex: "half" } as RequestInit);

describe(`the tRPC route (${testDriver()})`, () => {
  it("answers a body over the limit with 413 PAYLOAD_TOO_LARGE in tRPC's shape, and writes nothing", async () => {
    const name = "too-large-" + "x".repeat(100);
    const body = JSON.stringify({ json: { name, description: "y".repeat(2048) } });
    const response = await handleTrpc(post("datasets.create", body), database, { authMode: "local", bodyLimit: 1024 });
    expect(response.status).toBe(413);
    const answer = (await response.json()) as { error: { json: { message: string; data: { code: string; httpStatus: number } } } };
    expect(answer.error.json.data).toMatchObject({ code: "PAYLOAD_TOO_LARGE", httpStatus: 413 });
    expect(answer.error.json.message).toContain("1024 bytes");

    // Counted while reading: a streamed body without Content-Length is refused the same way.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 8; i++) controller.enqueue(new TextEncoder().encode(" ".repeat(512)));
        controller.close();
      },
    });
    expect((await handleTrpc(post("datasets.create", stream), database, { authMode: "local", bodyLimit: 1024 })).status).toBe(413);

    const list = await handleTrpc(new Request("http://127.0.0.1/api/trpc/datasets.list?input=%7B%22json%22%3A%7B%7D%7D"), database, { authMode: "local" });
    const listed = (await list.json()) as { result: { data: { json: { items: unknown[] } } } };
    expect(listed.result.data.json.items).toEqual([]);
  });

  it("serves a body under the limit", async () => {
    const response = await handleTrpc(post("datasets.create", JSON.stringify({ json: { name: "fits" } })), database, { authMode: "local" });
    expect(response.status).toBe(200);
  });

  it("needs credentials when sign-in is required: 401 with the reason", async () => {
    const response = await handleTrpc(post("datasets.create", JSON.stringify({ json: { name: "anonymous" } })), database, { authMode: "required" });
    expect(response.status).toBe(401);
    const answer = (await response.json()) as { error: { json: { message: string; data: { code: string } } } };
    expect(answer.error.json.data.code).toBe("UNAUTHORIZED");
    expect(answer.error.json.message).toMatch(/sign in|API key/);
  });
});

describe(`sign-in over the wire (${testDriver()})`, () => {
  const signIn = (origin: string, headers: Record<string, string> = {}) =>
    handleTrpc(
      new Request(`${origin}/api/trpc/auth.signIn`, {
        method: "POST",
        body: JSON.stringify({ json: { email: "nobody@example.com", password: "not-the-password" } }),
        headers: { "content-type": "application/json", ...headers },
      }),
      database,
      { authMode: "required" },
    );
  const message = async (response: Response) => ((await response.json()) as { error: { json: { message: string } } }).error.json.message;

  it("is refused over plain http off loopback, where the browser would drop the Secure cookie", async () => {
    const refused = await signIn("http://cairn.example");
    expect(refused.status).toBe(400);
    expect(await message(refused)).toMatch(/needs https/);
    // Behind a proxy that terminates TLS, or on loopback, the credentials are checked.
    expect((await signIn("http://cairn.example", { "x-forwarded-proto": "https" })).status).toBe(401);
    expect((await signIn("http://127.0.0.1:3000")).status).toBe(401);
  });
});
