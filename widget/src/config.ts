// The script tag's data-* attributes, read once and checked, so nothing later trusts raw input.
import { Lang, resolveLang } from "./i18n";

export interface Config {
  berthUrl: string;
  key: string | null;
  userToken: string | null;
  lang: Lang;
  title: string | null;
  accent: string | null;
  position: "right" | "left";
  openSelector: string | null;
  inline: string | null;
  timeoutMs: number;
}

function scriptOrigin(script: HTMLScriptElement | null): string {
  try {
    if (script?.src) return new URL(script.src, document.baseURI).origin;
  } catch {
    // fall through: a malformed src leaves the page's own origin
  }
  return location.origin;
}

function cleanUrl(value: string | undefined, fallback: string): string {
  if (!value) return fallback;
  try {
    const url = new URL(value, document.baseURI);
    if (url.protocol === "https:" || url.protocol === "http:") return url.href.replace(/\/+$/, "");
  } catch {
    // an unusable URL falls back to the script's origin
  }
  return fallback;
}

export function readConfig(script: HTMLScriptElement | null, doc: Document): Config {
  const data = script?.dataset ?? {};
  const timeout = Number(data.timeout);
  const accent = data.accent && CSS.supports("color", data.accent) ? data.accent : null;
  return {
    berthUrl: cleanUrl(data.berthUrl, scriptOrigin(script)),
    key: data.berthKey || null,
    userToken: data.userToken || null,
    lang: resolveLang(data.lang, doc),
    title: data.title || null,
    accent,
    position: data.position === "left" || data.position === "bottom-left" ? "left" : "right",
    openSelector: data.openSelector || null,
    inline: data.inline || null,
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout * 1000 : 30_000,
  };
}
