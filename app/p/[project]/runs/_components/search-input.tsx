"use client";

import { useEffect, useId, useRef, useState } from "react";
import { Input } from "../../../../_components/ui/input";
import { Label } from "../../../../_components/ui/label";
import { cn } from "../../../../_components/ui/cn";

/**
 * A text (or number) box bound to a URL param: typing updates the URL after a pause; a change of the URL
 * from elsewhere (Clear filters, Back) replaces the text, but never what the user is typing.
 */
export function SearchInput({
  label,
  value,
  onChange,
  placeholder,
  className,
  type = "search",
  disabled,
}: {
  type?: "search" | "number";
  disabled?: boolean;
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  className?: string;
}) {
  const id = useId();
  const [text, setText] = useState(value);
  const [seen, setSeen] = useState(value);
  // The last value this box sent to the URL (the URL may not show it yet: navigation is a transition).
  const [sent, setSent] = useState(value);
  const change = useRef(onChange);
  useEffect(() => {
    change.current = onChange;
  });
  if (value !== seen) {
    setSeen(value);
    if (value !== sent) {
      setText(value);
      setSent(value);
    }
  }
  useEffect(() => {
    const next = text.trim();
    if (next === value || next === sent) return;
    const timer = setTimeout(() => {
      setSent(next);
      change.current(next);
    }, 300);
    return () => clearTimeout(timer);
  }, [text, value, sent]);
  return (
    <div className={cn("flex flex-col gap-1.5", className)}>
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        type={type}
        inputMode={type === "number" ? "decimal" : undefined}
        step={type === "number" ? "any" : undefined}
        disabled={disabled}
        placeholder={placeholder}
        value={text}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => setText(e.target.value)}
      />
    </div>
  );
}
