/** @type {import('next').NextConfig} */
const nextConfig = {
  // Database drivers load WASM / native sockets at runtime: keep them out of the server bundle.
  serverExternalPackages: ["@electric-sql/pglite", "postgres"],
  typedRoutes: false,
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
