import { z } from "zod";
import { handlerOperation, type RestOperation } from "../../rest/operation";

export const phoenixTraceOperations: RestOperation[] = [
  handlerOperation({
    id: "phoenix.exportTraces",
    method: "POST",
    path: "/v1/traces",
    summary: "Accept OTLP traces (Phoenix)",
    description: "Phoenix clients export their task and evaluator spans here. Cairn accepts and discards them (an empty OTLP export response).",
    tags: ["Phoenix compatibility"],
    inputFrom: "query",
    input: z.object({}),
    output: z.object({}).passthrough(),
    rawBody: { contentType: "application/x-protobuf", description: "An OTLP ExportTraceServiceRequest (protobuf or JSON)." },
    async handle({ request }) {
      await request.arrayBuffer();
      const json = (request.headers.get("content-type") ?? "").includes("json");
      return json
        ? Response.json({})
        : new Response(new Uint8Array(0), { status: 200, headers: { "content-type": "application/x-protobuf" } });
    },
  }),
];
