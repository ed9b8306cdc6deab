// The conversation: its turns, the running answer stream, errors, feedback and what is kept in
// sessionStorage. The element (element.ts) owns the DOM around it and hands in a Surface.
import { TurnView, chipLabel } from "./answer";
import { ApiError, BerthClient } from "./client";
import type { Config } from "./config";
import { h } from "./dom";
import type { Emit } from "./events";
import { feedbackControls } from "./feedback";
import { fill, type Strings } from "./i18n";
import { SessionStore, type SavedTurn } from "./store";
import type { Answer, Meta } from "./types";

const ERROR_KEYS: Record<string, keyof Strings> = {
  timeout: "timeout",
  rate_limited: "rate_limited",
  question_too_long: "too_long",
  body_too_large: "too_long",
  not_ready: "not_ready",
  index_not_built: "not_ready",
  incomplete: "incomplete",
};

interface Turn {
  view: TurnView;
  saved: SavedTurn;
}

/** What the conversation needs from the element around it. */
export interface Surface {
  log: HTMLElement;
  announce(text: string): void;
  focusInput(): void;
  setBusy(busy: boolean): void;
  isOpen(): boolean;
}

export class Conversation {
  private readonly client: BerthClient;
  private readonly store: SessionStore;
  private turns: Turn[] = [];
  private conversationId: string | null = null;
  private running: AbortController | null = null;

  constructor(
    private readonly config: Config,
    private readonly t: Strings,
    private readonly emit: Emit,
    private readonly ui: Surface,
  ) {
    this.client = new BerthClient(config);
    this.store = new SessionStore(config.berthUrl, config.key);
  }

  get busy(): boolean {
    return this.running !== null;
  }

  setUserToken(token: string | null): void {
    this.client.setUserToken(token);
  }

  ask(text: string): void {
    const turn: Turn = { view: this.newView(text), saved: { question: text } };
    this.turns.push(turn);
    this.ui.log.querySelector(".empty")?.remove();
    this.ui.log.appendChild(turn.view.root);
    void this.run(turn);
  }

  stop(): void {
    this.running?.abort("stopped");
  }

  reset(): void {
    this.stop();
    this.turns = [];
    this.conversationId = null;
    this.ui.log.replaceChildren(h("p", { class: "empty" }, this.t.empty));
    this.store.clear();
    this.persist();
  }

  persist(): void {
    this.store.save({
      v: 1,
      conversationId: this.conversationId,
      turns: this.turns.filter((x) => x.saved.answer || x.saved.error).map((x) => x.saved),
      open: this.ui.isOpen(),
    });
  }

  /** Redraws the kept conversation; true if the panel was open before the reload. */
  restore(): boolean {
    const saved = this.store.load();
    if (!saved) return false;
    this.conversationId = saved.conversationId;
    for (const item of saved.turns) {
      const turn: Turn = { view: this.newView(item.question), saved: item };
      if (item.answer) {
        turn.view.finish(item.answer);
        this.addFeedback(turn);
      } else {
        const key = item.error as keyof Strings | "stopped" | undefined;
        turn.view.failed(key === "stopped" ? this.t.stopped : this.t[key ?? "generic"] ?? this.t.generic);
      }
      this.turns.push(turn);
    }
    if (this.turns.length) this.ui.log.replaceChildren(...this.turns.map((x) => x.view.root));
    return saved.open;
  }

  private newView(question: string): TurnView {
    return new TurnView(question, this.t, {
      retry: (view) => {
        const turn = this.turns.find((x) => x.view === view);
        if (turn && !this.running) {
          this.ui.focusInput(); // the Retry button is about to go away
          void this.run(turn);
        }
      },
      copy: (_, text) => void this.copy(text),
    });
  }

  private async run(turn: Turn): Promise<void> {
    const controller = new AbortController();
    this.running = controller;
    this.ui.setBusy(true);
    turn.view.thinking();
    turn.saved = { question: turn.view.question };
    const started = performance.now();
    const timer = window.setTimeout(() => controller.abort("timeout"), this.config.timeoutMs);
    this.emit("ask", { conversation_id: this.conversationId });
    let answer: Answer | null = null;
    let streamError: ApiError | null = null;
    try {
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          answer = await this.stream(turn, controller.signal, (e) => (streamError = e));
          break;
        } catch (err) {
          // The thread expired on the server: start a new one with the same question, once.
          if (attempt === 0 && err instanceof ApiError && err.code === "conversation_not_found") {
            this.conversationId = null;
            turn.view.thinking();
            continue;
          }
          throw err;
        }
      }
      if (!answer) throw streamError ?? new ApiError(0, "incomplete", "stream ended early");
      turn.view.finish(answer);
      this.addFeedback(turn);
      turn.saved.answer = answer;
      this.conversationId = answer.conversation_id || this.conversationId;
      const label = chipLabel(this.t, answer.verdict, answer.declined);
      const first = answer.answer.replace(/\*\*/g, "").replace(/\[\d+\]/g, "").split("\n")[0];
      this.ui.announce(fill(this.t.answered, { text: [label, first].filter(Boolean).join(". ") }));
      this.emit("answer", {
        answer_id: answer.id,
        conversation_id: answer.conversation_id,
        verdict: answer.verdict?.status ?? null,
        declined: answer.declined,
        ms: Math.round(performance.now() - started),
      });
    } catch (err) {
      const reason = controller.signal.reason;
      const key = this.errorKey(err, reason);
      turn.saved.error = key;
      const message = key === "stopped" ? this.t.stopped : this.t[key];
      turn.view.failed(message);
      this.ui.announce(message);
      this.emit("error", { code: key });
    } finally {
      window.clearTimeout(timer);
      this.running = null;
      this.ui.setBusy(false);
      this.persist();
    }
  }

  private async stream(turn: Turn, signal: AbortSignal, onError: (e: ApiError) => void): Promise<Answer | null> {
    let answer: Answer | null = null;
    const body: { question: string; conversation_id?: string } = { question: turn.view.question };
    if (this.conversationId) body.conversation_id = this.conversationId;
    await this.client.stream(body, signal, (name, data) => {
      if (name === "meta") {
        const meta = data as Meta;
        if (meta.conversation_id) this.conversationId = meta.conversation_id;
        turn.view.meta(meta);
      } else if (name === "delta") {
        turn.view.delta(String((data as { text?: unknown }).text ?? ""));
      } else if (name === "replace") {
        // The server withdrew the text streamed so far (a model draft its guard refused).
        turn.view.replace(String((data as { text?: unknown }).text ?? ""));
      } else if (name === "done") {
        answer = data as Answer;
      } else if (name === "error") {
        const e = (data as { error?: { code?: string; message?: string } }).error ?? {};
        onError(new ApiError(200, e.code || "generic", e.message || ""));
      }
      this.ui.log.scrollTop = this.ui.log.scrollHeight;
    });
    return answer;
  }

  private errorKey(err: unknown, reason: unknown): keyof Strings | "stopped" {
    if (reason === "stopped") return "stopped";
    if (reason === "timeout") return "timeout";
    if (err instanceof ApiError) {
      // A refused key, origin or user token: one message, whichever it was.
      if (err.status === 401 || err.status === 403) return "unauthorized";
      return ERROR_KEYS[err.code] ?? "generic";
    }
    // fetch rejects with a TypeError when the network (or CORS) fails.
    return err instanceof TypeError ? "network" : "generic";
  }

  private addFeedback(turn: Turn): void {
    const answer = turn.view.answer;
    if (!answer) return;
    const controls = feedbackControls(
      this.t,
      turn.saved.rated,
      async (rating, comment) => {
        await this.client.feedback(answer.id, rating, comment);
        turn.saved.rated = rating;
        this.persist();
        this.emit("feedback", { answer_id: answer.id, rating, commented: Boolean(comment) });
      },
      (text) => this.ui.announce(text),
    );
    turn.view.footer.appendChild(controls);
  }

  private async copy(text: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      this.ui.announce(this.t.copied);
    } catch {
      this.ui.announce(this.t.copyFailed);
    }
  }
}
