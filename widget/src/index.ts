// Entry point: read the script tag, define <berth-widget>, mount it, expose `window.Berth`.
import { readConfig } from "./config";
import { BerthWidget } from "./element";
import { Events, type EventName } from "./events";

declare const __BERTH_WIDGET_VERSION__: string;

interface BerthApi {
  version: string;
  open(): void;
  close(): void;
  ask(text: string): void;
  on(name: EventName, handler: (detail: Record<string, unknown>) => void): () => void;
  setUserToken(token: string | null): void;
}

declare global {
  interface Window {
    Berth?: BerthApi;
  }
}

function findScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  return document.querySelector<HTMLScriptElement>('script[src*="widget.js"]');
}

function mount(script: HTMLScriptElement | null, events: Events): BerthWidget {
  const config = readConfig(script, document);
  const widget = document.createElement("berth-widget") as BerthWidget;
  widget.init(config, events.emit);
  const container = config.inline ? document.querySelector(config.inline) : null;
  (container ?? document.body).appendChild(widget);
  if (config.openSelector) {
    // Delegated, so a portal button rendered later still opens it.
    document.addEventListener("click", (e) => {
      const target = e.target instanceof Element ? e.target.closest(config.openSelector!) : null;
      if (target) {
        e.preventDefault();
        widget.open();
      }
    });
  }
  return widget;
}

function start(): void {
  if (window.Berth) return; // the script was included twice
  if (!customElements.get("berth-widget")) customElements.define("berth-widget", BerthWidget);
  const script = findScript();
  const events = new Events();
  let widget: BerthWidget | null = null;
  const queued: Array<(w: BerthWidget) => void> = [];
  const use = (fn: (w: BerthWidget) => void) => (widget ? fn(widget) : queued.push(fn));
  window.Berth = {
    version: __BERTH_WIDGET_VERSION__,
    open: () => use((w) => w.open()),
    close: () => use((w) => w.close()),
    ask: (text) => use((w) => w.ask(String(text))),
    on: (name, handler) => events.on(name, handler),
    setUserToken: (token) => use((w) => w.setUserToken(token)),
  };
  const ready = () => {
    widget = mount(script, events);
    for (const fn of queued.splice(0)) fn(widget);
    events.emit("ready", { version: __BERTH_WIDGET_VERSION__ });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready, { once: true });
  else ready();
}

start();
