import { sql } from "drizzle-orm";
import { getDatabase } from "@/db";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    const database = await getDatabase();
    await database.db.execute(sql`SELECT 1`);
    return Response.json({ ok: true, db: database.driver });
  } catch (error) {
    return Response.json({ ok: false, error: error instanceof Error ? error.message : String(error) }, { status: 503 });
  }
}
