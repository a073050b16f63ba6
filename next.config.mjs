/** @type {import('next').NextConfig} */
const nextConfig = {
  // Database drivers load WASM / native sockets at runtime: keep them out of the server bundle.
  serverExternalPackages: ["@electric-sql/pglite", "postgres"],
  typedRoutes: false,
  poweredByHeader: false,
  reactStrictMode: true,
  // Lets parallel builds (several engineers or test runs in one tree) use their own output folder.
  distDir: process.env.NEXT_DIST_DIR || ".next",
};

export default nextConfig;
