// <berth-widget>: the launcher and the dialog (focus, keyboard, IME, viewport) inside an open
// shadow root; the conversation itself is conversation.ts.
import type { Config } from "./config";
import { Conversation } from "./conversation";
import { h, icon, ICONS } from "./dom";
import type { Emit } from "./events";
import { strings, type Strings } from "./i18n";
import { baseSheet, DynamicSheet } from "./styles";

export class BerthWidget extends HTMLElement {
  private config!: Config;
  private emit!: Emit;
  private t!: Strings;
  private conversation!: Conversation;
  private readonly dynamic = new DynamicSheet();
  private root!: HTMLElement;
  private launcher: HTMLButtonElement | null = null;
  private panel!: HTMLElement;
  private log!: HTMLElement;
  private input!: HTMLTextAreaElement;
  private sendButton!: HTMLButtonElement;
  private stopButton!: HTMLButtonElement;
  private live!: HTMLElement;
  private returnFocus: HTMLElement | null = null;
  private composing = false;

  init(config: Config, emit: Emit): void {
    this.config = config;
    this.emit = emit;
    this.t = strings(config.lang);
    const shadow = this.attachShadow({ mode: "open" });
    shadow.adoptedStyleSheets = [baseSheet(), this.dynamic.sheet];
    if (config.accent) this.dynamic.set("--berth-accent", config.accent);
    this.build(shadow);
    this.conversation = new Conversation(config, this.t, emit, {
      log: this.log,
      announce: (text) => this.announce(text),
      focusInput: () => this.input.focus(),
      setBusy: (busy) => this.setBusy(busy),
      isOpen: () => this.isOpen,
    });
    if (this.conversation.restore() && !config.inline) {
      this.panel.hidden = false;
      this.launcher?.setAttribute("aria-expanded", "true");
      this.returnFocus = this.launcher;
    }
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
      this.conversation.persist();
      this.emit("open", {});
    }
    this.input.focus();
    this.log.scrollTop = this.log.scrollHeight;
  }

  close(): void {
    if (this.config.inline || !this.isOpen) return;
    this.panel.hidden = true;
    this.launcher?.setAttribute("aria-expanded", "false");
    this.conversation.persist();
    this.emit("close", {});
    const target = this.returnFocus && this.returnFocus.isConnected ? this.returnFocus : this.launcher;
    target?.focus();
  }

  ask(question: string): void {
    const text = question.trim();
    if (!text || this.conversation.busy) return;
    this.open();
    this.conversation.ask(text);
  }

  setUserToken(token: string | null): void {
    this.conversation.setUserToken(token);
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
    fresh.addEventListener("click", () => {
      this.conversation.reset();
      this.input.focus();
    });
    this.stopButton.addEventListener("click", () => this.conversation.stop());
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
    if (!text.trim() || this.conversation.busy) return;
    this.input.value = "";
    this.ask(text);
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
