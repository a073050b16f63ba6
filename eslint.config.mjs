import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const serverOnly = ["@/server", "@/server/*", "@/server/**", "@/db", "@/db/*", "@/db/**"];

/** Client components ("use client") never import server/ or db/: they would ship to the browser. */
const clientBoundary = {
  meta: { type: "problem", messages: { forbidden: "A client component must not import '{{source}}' (server/ and db/ are server-only)." } },
  create(context) {
    let isClient = false;
    return {
      Program(node) {
        isClient = node.body.some((s) => s.type === "ExpressionStatement" && s.directive === "use client");
      },
      ImportDeclaration(node) {
        const source = String(node.source.value);
        // Types are erased at build time: `import type { AppRouter }` ships nothing to the browser.
        const typeOnly = node.importKind === "type" || (node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === "type"));
        if (isClient && !typeOnly && /^(@\/|(\.\.\/)+)(server|db)(\/|$)/.test(source)) {
          context.report({ node, messageId: "forbidden", data: { source } });
        }
      },
    };
  },
};

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next*/**", "node_modules/**", ".cairn/**", "drizzle/**", "next-env.d.ts", "test-results/**", "playwright-report/**"] },
  {
    plugins: { cairn: { rules: { "client-boundary": clientBoundary } } },
    rules: {
      "cairn/client-boundary": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  // Imports flow one way: app -> server -> db; lib/ imports none of them.
  {
    files: ["lib/**"],
    rules: { "no-restricted-imports": ["error", { patterns: ["@/app/*", "@/server/*", "@/db/*", "@/server", "@/db", "@/sdk/*"] }] },
  },
  { files: ["db/**"], rules: { "no-restricted-imports": ["error", { patterns: ["@/app/*", "@/server/*", "@/server", "@/sdk/*"] }] } },
  { files: ["server/**"], rules: { "no-restricted-imports": ["error", { patterns: ["@/app/*", "@/sdk/*"] }] } },
  // The SDK is typed from the router (type-only imports), but runs none of the server's code.
  {
    files: ["sdk/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/app/*", ...serverOnly], allowTypeImports: true, message: "sdk/ may only import types from server/" }] },
      ],
    },
  },
];

export default config;
