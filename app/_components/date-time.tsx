"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

const local = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });
const utc = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/**
 * A timestamp in the reader's time zone. The server cannot know that zone, so the server render
 * (and hydration) shows UTC, and the browser switches to local time right after hydrating.
 */
export function DateTime({ value, className }: { value: Date | string; className?: string }) {
  const date = typeof value === "string" ? new Date(value) : value;
  const inBrowser = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  return (
    <time dateTime={date.toISOString()} title={date.toISOString()} className={className}>
      {inBrowser ? local.format(date) : `${utc.format(date)} UTC`}
    </time>
  );
}
