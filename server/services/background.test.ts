import { describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { backgroundSettled, queueBackground } from "./background";

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("the background queue", () => {
  it("runs tasks one at a time, in order, and queues a key once while it waits", async () => {
    const db = {} as Db; // only a key: the queue never touches the database itself
    const log: string[] = [];
    let running = 0;
    const task = (name: string) => async () => {
      running++;
      expect(running).toBe(1);
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      running--;
    };
    queueBackground(db, "a", task("a1"));
    queueBackground(db, "b", task("b1"));
    queueBackground(db, "b", task("b2")); // b1 has not started: folded into it
    await tick();
    queueBackground(db, "a", task("a2")); // a1 is running: one more after the rest
    queueBackground(db, "c", async () => {
      throw new Error("ignored");
    });
    await backgroundSettled(db);
    expect(log).toEqual(["start a1", "end a1", "start b1", "end b1", "start a2", "end a2"]);
  });

  it("settles after tasks that queue more work", async () => {
    const db = {} as Db;
    const done: string[] = [];
    queueBackground(db, "first", async () => {
      await tick();
      queueBackground(db, "second", async () => {
        await tick();
        done.push("second");
      });
      done.push("first");
    });
    await backgroundSettled(db);
    expect(done).toEqual(["first", "second"]);
    await backgroundSettled({} as Db); // nothing queued: resolves at once
  });
});
