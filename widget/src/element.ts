// <berth-widget>: the launcher, the dialog and the conversation, inside an open shadow root.
import { TurnView, chipLabel } from "./answer";
import { ApiError, BerthClient } from "./client";
import type { Config } from "./config";
import { h, icon, ICONS } from "./dom";
import { feedbackControls } from "./feedback";
import { fill, strings, type Strings } from "./i18n";
import { type Emit } from "./events";
import { SessionStore, type SavedTurn } from "./store";
import { baseSheet, DynamicSheet } from "./styles";
import type { Answer, Meta } from "./types";

const ERROR_KEYS: Record<string, keyof Strings> = {
  timeout: "timeout",
  rate_limited: "rate_limited",
  unauthorized: "unauthorized",
  invalid_widget_key: "unauthorized",
  origin_not_allowed: "unauthorized",
  invalid_user_token: "unauthorized",
  expired_user_token: "unauthorized",
  missing_user_token: "unauthorized",
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

export class BerthWidget extends HTMLElement {
  private config!: Config;
  private emit!: Emit;
  private t!: Strings;
  private client!: BerthClient;
  private store!: SessionStore;
  private readonly dynamic = new DynamicSheet();
  private root!: HTMLElement;
  private launcher: HTMLButtonElement | null = null;
  private panel!: HTMLElement;
  private log!: HTMLElement;
  private input!: HTMLTextAreaElement;
  private sendButton!: HTMLButtonElement;
  private stopButton!: HTMLButtonElement;
  private live!: HTMLElement;
  private turns: Turn[] = [];
  private conversationId: string | null = null;
  private running: AbortController | null = null;
  private returnFocus: HTMLElement | null = null;
  private composing = false;

  init(config: Config, emit: Emit): void {
    this.config = config;
    this.emit = emit;
    this.t = strings(config.lang);
    this.client = new BerthClient(config);
    this.store = new SessionStore(config.berthUrl, config.key);
    const shadow = this.attachShadow({ mode: "open" });
    shadow.adoptedStyleSheets = [baseSheet(), this.dynamic.sheet];
    if (config.accent) this.dynamic.set("--berth-accent", config.accent);
    this.build(shadow);
    this.restore();
    this.watchViewport();
  }

  get isOpen(): boolean {
    return !this.panel.hidden;
  }

  open(): void {
    if (!this.isOpen) {
      const active = document.activeElement;
      // Focus inside our shadow root shows as the host element itself.
      this.returnFocus = active === this ? this.launcher : (active as HTMLElement | null);
      this.panel.hidden = false;
      this.launcher?.setAttribute("aria-expanded", "true");
      this.persist();
      this.emit("open", {});
    }
    this.input.focus();
    this.log.scrollTop = this.log.scrollHeight;
  }

  close(): void {
    if (this.config.inline || !this.isOpen) return;
    this.panel.hidden = true;
    this.launcher?.setAttribute("aria-expanded", "false");
    this.persist();
    this.emit("close", {});
    const target = this.returnFocus && this.returnFocus.isConnected ? this.returnFocus : this.launcher;
    target?.focus();
  }

  ask(question: string): void {
    const text = question.trim();
    if (!text || this.running) return;
    this.open();
    const turn: Turn = { view: this.newView(text), saved: { question: text } };
    this.turns.push(turn);
    this.log.querySelector(".empty")?.remove();
    this.log.appendChild(turn.view.root);
    void this.run(turn);
  }

  setUserToken(token: string | null): void {
    this.client.setUserToken(token);
  }

  private build(shadow: ShadowRoot): void {
    const t = this.t;
    const title = this.config.title || t.title;
    const inline = Boolean(this.config.inline);
    // lang: screen readers pronounce it right, and Korean wraps by word (keep-all).
    this.root = h("div", { class: `root ${this.config.position}${inline ? " inline" : ""}`, lang: this.config.lang });
    this.live = h("div", { class: "sr", role: "status", "aria-live": "polite", "aria-atomic": "true" });
    const close = h("button", { type: "button", class: "icon", "aria-label": t.close }, icon(ICONS.close));
    const fresh = h("button", { type: "button", class: "icon", "aria-label": t.newChat, title: t.newChat }, icon(ICONS.plus));
    this.log = h("div", { class: "log" }, h("p", { class: "empty" }, t.empty));
    this.input = h("textarea", { id: "q", rows: "1", placeholder: t.placeholder, maxlength: "2000", enterkeyhint: "send" });
    this.sendButton = h("button", { type: "submit", class: "icon", "aria-label": t.send }, icon(ICONS.send));
    this.stopButton = h("button", { type: "button", class: "icon", "aria-label": t.stop, hidden: true }, icon(ICONS.stop));
    const form = h(
      "form",
      { class: "ask" },
      h("label", { for: "q", class: "sr" }, t.inputLabel),
      this.input,
      this.sendButton,
      this.stopButton,
    );
    this.panel = h(
      "div",
      inline
        ? { class: "panel", role: "region", "aria-labelledby": "berth-title" }
        : { class: "panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "berth-title", hidden: true },
      h("header", {}, h("h2", { id: "berth-title" }, title), fresh, inline ? null : close),
      this.log,
      form,
      this.live,
    );
    if (!inline) {
      this.launcher = h(
        "button",
        { type: "button", class: "launcher", "aria-haspopup": "dialog", "aria-expanded": "false" },
        icon(ICONS.chat),
        h("span", {}, this.config.title || t.launcher),
      );
      this.launcher.addEventListener("click", () => (this.isOpen ? this.close() : this.open()));
      this.root.appendChild(this.launcher);
    }
    this.root.appendChild(this.panel);
    shadow.appendChild(this.root);

    close.addEventListener("click", () => this.close());
    fresh.addEventListener("click", () => this.reset());
    this.stopButton.addEventListener("click", () => this.running?.abort("stopped"));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.submit();
    });
    this.input.addEventListener("compositionstart", () => (this.composing = true));
    this.input.addEventListener("compositionend", () => (this.composing = false));
    this.input.addEventListener("keydown", (e) => {
      // A Korean (or any IME) syllable being composed is committed by Enter, not sent with it.
      if (e.key !== "Enter" || e.shiftKey || e.isComposing || this.composing || e.keyCode === 229) return;
      e.preventDefault();
      this.submit();
    });
    this.panel.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && !e.isComposing && !this.composing) {
        e.stopPropagation();
        this.close();
      }
    });
  }

  private submit(): void {
    const text = this.input.value;
    if (!text.trim() || this.running) return;
    this.input.value = "";
    this.ask(text);
  }

  private newView(question: string): TurnView {
    return new TurnView(question, this.t, {
      retry: (view) => {
        const turn = this.turns.find((x) => x.view === view);
        if (turn && !this.running) {
          this.input.focus(); // the Retry button is about to go away
          void this.run(turn);
        }
      },
      copy: (_, text) => void this.copy(text),
    });
  }

  private async run(turn: Turn): Promise<void> {
    const controller = new AbortController();
    this.running = controller;
    this.setBusy(true);
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
      this.announce(fill(this.t.answered, { text: [label, first].filter(Boolean).join(". ") }));
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
      this.announce(message);
      this.emit("error", { code: key });
    } finally {
      window.clearTimeout(timer);
      this.running = null;
      this.setBusy(false);
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
      } else if (name === "done") {
        answer = data as Answer;
      } else if (name === "error") {
        const e = (data as { error?: { code?: string; message?: string } }).error ?? {};
        onError(new ApiError(200, e.code || "generic", e.message || ""));
      }
      this.log.scrollTop = this.log.scrollHeight;
    });
    return answer;
  }

  private errorKey(err: unknown, reason: unknown): keyof Strings | "stopped" {
    if (reason === "stopped") return "stopped";
    if (reason === "timeout") return "timeout";
    if (err instanceof ApiError) {
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
      (text) => this.announce(text),
    );
    turn.view.footer.appendChild(controls);
  }

  private async copy(text: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      this.announce(this.t.copied);
    } catch {
      this.announce(this.t.copyFailed);
    }
  }

  private announce(text: string): void {
    // Cleared first so the same words twice are still announced.
    this.live.textContent = "";
    window.setTimeout(() => (this.live.textContent = text), 50);
  }

  private setBusy(busy: boolean): void {
    // A focused button that disappears would drop focus to <body>, out of the dialog (and out
    // of reach of Esc): keep it in the question box.
    const focused = this.shadowRoot?.activeElement;
    this.sendButton.hidden = busy;
    this.stopButton.hidden = !busy;
    this.log.setAttribute("aria-busy", String(busy));
    if (focused === this.stopButton || focused === this.sendButton) this.input.focus();
  }

  private reset(): void {
    this.running?.abort("stopped");
    this.turns = [];
    this.conversationId = null;
    this.log.replaceChildren(h("p", { class: "empty" }, this.t.empty));
    this.store.clear();
    this.persist();
    this.input.focus();
  }

  private persist(): void {
    this.store.save({
      v: 1,
      conversationId: this.conversationId,
      turns: this.turns.filter((x) => x.saved.answer || x.saved.error).map((x) => x.saved),
      open: this.isOpen,
    });
  }

  private restore(): void {
    const saved = this.store.load();
    if (!saved) return;
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
    if (this.turns.length) {
      this.log.replaceChildren(...this.turns.map((x) => x.view.root));
    }
    if (saved.open && !this.config.inline) {
      this.panel.hidden = false;
      this.launcher?.setAttribute("aria-expanded", "true");
      this.returnFocus = this.launcher;
    }
  }

  /** On phones the sheet follows the visible viewport, so the on-screen keyboard never covers the input. */
  private watchViewport(): void {
    const vv = window.visualViewport;
    if (!vv) return;
    const update = () => {
      this.dynamic.set("--berth-vv-height", `${Math.round(vv.height)}px`);
      this.dynamic.set("--berth-vv-top", `${Math.round(vv.offsetTop)}px`);
    };
    vv.addEventListener("resize", update);
    vv.addEventListener("scroll", update);
    update();
  }
}
