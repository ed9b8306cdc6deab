// Analytics: `Berth.on(name, fn)` and a `berth:<name>` CustomEvent on document, for portals that
// already listen there. Details carry ids and outcomes, never the question's text.
export type EventName = "ready" | "open" | "close" | "ask" | "answer" | "feedback" | "error";
export type Emit = (name: EventName, detail: Record<string, unknown>) => void;
type Handler = (detail: Record<string, unknown>) => void;

export class Events {
  private handlers = new Map<string, Set<Handler>>();

  on(name: EventName, handler: Handler): () => void {
    const set = this.handlers.get(name) ?? new Set<Handler>();
    set.add(handler);
    this.handlers.set(name, set);
    return () => set.delete(handler);
  }

  readonly emit: Emit = (name, detail) => {
    for (const handler of this.handlers.get(name) ?? []) {
      try {
        handler(detail);
      } catch (err) {
        console.error("berth widget: an event handler failed", err);
      }
    }
    document.dispatchEvent(new CustomEvent(`berth:${name}`, { detail }));
  };
}
