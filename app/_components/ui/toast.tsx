"use client";

import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { cn } from "./cn";

export type ToastTone = "neutral" | "success" | "danger";

export interface ToastInput {
  title: ReactNode;
  description?: ReactNode;
  tone?: ToastTone;
  /** Milliseconds before it goes away on its own; errors stay until dismissed. */
  duration?: number;
}

interface ToastItem extends ToastInput {
  id: number;
}

const ToastContext = createContext<((toast: ToastInput) => void) | null>(null);

/** `toast({ title })` from any client component under <ToastProvider>. */
export function useToast(): (toast: ToastInput) => void {
  const push = useContext(ToastContext);
  if (!push) throw new Error("useToast() must be used inside <ToastProvider>");
  return push;
}

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ToastItem[]>([]);
  const nextId = useRef(0);

  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const push = useCallback((toast: ToastInput) => {
    const id = ++nextId.current;
    setToasts((all) => [...all.slice(-3), { ...toast, id }]);
  }, []);
  return (
    <ToastContext.Provider value={push}>
      {children}
      <div
        role="region"
        aria-label="Notifications"
        className="pointer-events-none fixed right-4 bottom-4 z-50 flex w-80 max-w-[calc(100vw-2rem)] flex-col gap-2"
      >
        <div role="status" aria-live="polite" className="flex flex-col gap-2">
          {toasts.map((toast) => (
            <Toast key={toast.id} toast={toast} onDismiss={() => dismiss(toast.id)} />
          ))}
        </div>
      </div>
    </ToastContext.Provider>
  );
}

function Toast({ toast, onDismiss }: { toast: ToastItem; onDismiss: () => void }) {
  const tone = toast.tone ?? "neutral";
  const duration = toast.duration ?? (tone === "danger" ? Infinity : 5000);
  useEffect(() => {
    if (!Number.isFinite(duration)) return;
    const timer = setTimeout(onDismiss, duration);
    return () => clearTimeout(timer);
  }, [duration, onDismiss]);

  return (
    <div
      className={cn(
        "pointer-events-auto flex items-start gap-3 rounded-lg border bg-card px-3.5 py-3 text-sm shadow-card",
        tone === "danger" ? "border-danger/40" : "border-border",
      )}
    >
      <span
        aria-hidden="true"
        className={cn("mt-1.5 size-2 shrink-0 rounded-full", tone === "success" ? "bg-success" : tone === "danger" ? "bg-danger" : "bg-muted-foreground")}
      />
      <div className="flex min-w-0 flex-1 flex-col gap-0.5">
        <div className="font-medium break-words text-foreground">{toast.title}</div>
        {toast.description && <div className="text-xs break-words text-muted-foreground">{toast.description}</div>}
      </div>
      <button
        type="button"
        onClick={onDismiss}
        className="-mt-0.5 -mr-1 rounded p-0.5 text-muted-foreground hover:text-foreground"
        aria-label="Dismiss notification"
      >
        <svg viewBox="0 0 16 16" className="size-3.5" fill="none" aria-hidden="true">
          <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
        </svg>
      </button>
    </div>
  );
}
