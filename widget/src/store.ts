// The conversation kept in sessionStorage, so a reload keeps it. Every access is guarded:
// storage can be disabled, full, or throw SecurityError in a sandboxed frame.
import type { Answer } from "./types";

export interface SavedTurn {
  question: string;
  answer?: Answer;
  error?: string;
  rated?: "up" | "down";
}

export interface Saved {
  v: 1;
  conversationId: string | null;
  turns: SavedTurn[];
  open: boolean;
}

const MAX_TURNS = 30;

export class SessionStore {
  private readonly name: string;

  constructor(berthUrl: string, key: string | null) {
    this.name = `berth-widget:${berthUrl}:${key ?? "-"}`;
  }

  load(): Saved | null {
    try {
      const raw = window.sessionStorage.getItem(this.name);
      if (!raw) return null;
      const saved = JSON.parse(raw) as Saved;
      if (saved?.v !== 1 || !Array.isArray(saved.turns)) return null;
      return saved;
    } catch {
      return null;
    }
  }

  save(saved: Saved): void {
    try {
      const trimmed = { ...saved, turns: saved.turns.slice(-MAX_TURNS) };
      window.sessionStorage.setItem(this.name, JSON.stringify(trimmed));
    } catch {
      // unavailable or full: the conversation still works, it just won't survive a reload
    }
  }

  clear(): void {
    try {
      window.sessionStorage.removeItem(this.name);
    } catch {
      // nothing to clear
    }
  }
}
