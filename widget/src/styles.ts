// The widget's styles, adopted as constructable stylesheets (no <style> element, no style
// attributes: both are what a strict CSP blocks). `:host { all: initial !important }` cuts off
// everything the host page could pass in by inheritance; inside the shadow root, page selectors
// such as `button { display: none }` never match.
const CSS_TEXT = `
:host { all: initial !important; display: block !important; position: static !important; }
:host([hidden]) { display: none !important; }
* { box-sizing: border-box; }
.root {
  --accent: var(--berth-accent, #1d5fbf); --on-accent: #ffffff;
  --bg: #ffffff; --fg: #1d2430; --muted: #4f5968; --line: #d5dae1; --soft: #f3f5f8;
  --yes-bg: #e2f4e7; --yes-fg: #135c2b; --cond-bg: #fff1d1; --cond-fg: #6d4300;
  --no-bg: #fde6e6; --no-fg: #971b1b; --unk-bg: #e9ecf1; --unk-fg: #363f4d;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "Apple SD Gothic Neo", "Noto Sans KR", "NanumGothic", sans-serif;
  color: var(--fg); letter-spacing: normal; text-align: left; direction: ltr;
}
@media (prefers-color-scheme: dark) {
  .root {
    --accent: var(--berth-accent, #7fb0ff); --on-accent: #0b1320;
    --bg: #161b22; --fg: #e6e9ee; --muted: #a9b2bf; --line: #394250; --soft: #1f2630;
    --yes-bg: #143823; --yes-fg: #9fe3b4; --cond-bg: #3b2c0b; --cond-fg: #ffd58a;
    --no-bg: #421818; --no-fg: #ffb3b3; --unk-bg: #2a313c; --unk-fg: #d5dbe4;
  }
}
.root[lang="ko"] { word-break: keep-all; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; margin: -1px; }
button, textarea { font: inherit; color: inherit; }
button { cursor: pointer; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
svg { width: 20px; height: 20px; fill: currentColor; flex: none; }
.launcher {
  position: fixed; bottom: 20px; right: 20px; z-index: 2147483000;
  display: inline-flex; align-items: center; gap: 8px; min-height: 48px; padding: 12px 18px;
  border: 0; border-radius: 24px; background: var(--accent); color: var(--on-accent);
  font-weight: 600; box-shadow: 0 4px 16px rgba(0,0,0,.25);
}
.left .launcher { right: auto; left: 20px; }
.panel {
  position: fixed; bottom: 84px; right: 20px; z-index: 2147483001;
  width: 400px; max-width: calc(100vw - 40px); height: 600px; max-height: calc(100vh - 104px);
  display: flex; flex-direction: column; background: var(--bg); color: var(--fg);
  border: 1px solid var(--line); border-radius: 12px; box-shadow: 0 12px 40px rgba(0,0,0,.3); overflow: hidden;
}
.left .panel { right: auto; left: 20px; }
.panel[hidden] { display: none; }
.inline .panel { position: relative; inset: auto; width: 100%; max-width: none; height: 100%; max-height: none; min-height: 360px; box-shadow: none; z-index: auto; }
header { display: flex; align-items: center; gap: 4px; padding: 10px 12px; border-bottom: 1px solid var(--line); background: var(--soft); }
h2 { flex: 1; margin: 0; font-size: 16px; font-weight: 700; }
.icon { display: inline-flex; align-items: center; justify-content: center; width: 40px; height: 40px; border: 0; border-radius: 8px; background: transparent; }
.icon:hover { background: var(--line); }
.log { flex: 1; overflow-y: auto; padding: 12px 14px; overscroll-behavior: contain; }
.empty { color: var(--muted); margin: 8px 0; }
.turn { margin: 0 0 18px; }
.question { margin: 0 0 8px 40px; padding: 8px 12px; border-radius: 12px; background: var(--accent); color: var(--on-accent); white-space: pre-wrap; overflow-wrap: anywhere; }
.reply { overflow-wrap: anywhere; }
.chip-row { margin: 0 0 6px; }
.chip { display: inline-block; padding: 2px 10px; border-radius: 999px; font-weight: 700; font-size: 14px; }
.chip-yes { background: var(--yes-bg); color: var(--yes-fg); }
.chip-conditional { background: var(--cond-bg); color: var(--cond-fg); }
.chip-no { background: var(--no-bg); color: var(--no-fg); }
.chip-unknown, .chip-declined { background: var(--unk-bg); color: var(--unk-fg); }
.reading { margin: 0 0 6px; color: var(--muted); font-size: 13px; font-style: italic; }
.reading:empty { display: none; }
.md p, .extra p { margin: 0 0 8px; }
.md ul, .md ol, .extra ul, .extra ol { margin: 0 0 8px; padding-left: 22px; }
.conditions, .alternatives { margin: 0 0 8px; padding: 2px 10px; border-left: 3px solid var(--accent); }
.md code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; background: var(--soft); padding: 0 3px; border-radius: 4px; }
h3 { font-size: 14px; margin: 10px 0 4px; }
a { color: var(--accent); }
.mark { font-size: 12px; vertical-align: super; text-decoration: none; padding: 0 1px; }
.sources li { margin-bottom: 4px; }
.meta { color: var(--muted); font-size: 13px; }
.snippet { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; color: var(--muted); font-size: 13px; }
.thinking { color: var(--muted); }
.error { color: var(--no-fg); background: var(--no-bg); padding: 6px 10px; border-radius: 8px; }
.footer { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin-top: 6px; }
.footer:empty { display: none; }
.action { min-height: 32px; padding: 4px 12px; border: 1px solid var(--line); border-radius: 8px; background: var(--bg); }
.action.primary { background: var(--accent); color: var(--on-accent); border-color: var(--accent); }
.feedback { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; }
.thumb { min-width: 36px; min-height: 32px; border: 1px solid var(--line); border-radius: 8px; background: var(--bg); }
.thumb[aria-pressed="true"] { border-color: var(--accent); background: var(--soft); }
.thumb:disabled { cursor: default; }
.comment { flex-basis: 100%; display: flex; flex-direction: column; gap: 4px; margin-top: 4px; }
.comment[hidden] { display: none; }
.comment .row { display: flex; gap: 6px; }
.fb-status { margin: 0; color: var(--muted); font-size: 13px; }
.fb-status:empty { display: none; }
form.ask { display: flex; gap: 8px; align-items: flex-end; padding: 10px 12px; border-top: 1px solid var(--line); }
textarea { width: 100%; resize: none; min-height: 44px; max-height: 140px; padding: 10px; border: 1px solid var(--muted); border-radius: 8px; background: var(--bg); }
.ask .icon { background: var(--accent); color: var(--on-accent); width: 44px; height: 44px; }
.ask .icon[hidden] { display: none; }
@media (max-width: 600px) {
  .root:not(.inline) .panel {
    inset: var(--berth-vv-top, 0px) 0 auto 0; width: 100vw; max-width: none;
    height: var(--berth-vv-height, 100dvh); max-height: none; border-radius: 0; border: 0;
  }
}
@media (prefers-reduced-motion: no-preference) {
  .panel:not([hidden]) { animation: berth-in .12s ease-out; }
  @keyframes berth-in { from { opacity: 0; transform: translateY(8px); } to { opacity: 1; transform: none; } }
}
`;

let shared: CSSStyleSheet | null = null;

export function baseSheet(): CSSStyleSheet {
  if (!shared) {
    shared = new CSSStyleSheet();
    shared.replaceSync(CSS_TEXT);
  }
  return shared;
}

/** Per-instance values (accent colour, visible viewport) as custom properties on the host. */
export class DynamicSheet {
  readonly sheet = new CSSStyleSheet();
  private values: Record<string, string> = {};

  set(name: string, value: string | null): void {
    if (value === null) delete this.values[name];
    else this.values[name] = value;
    const body = Object.entries(this.values)
      .map(([k, v]) => `${k}: ${v};`)
      .join(" ");
    this.sheet.replaceSync(`.root { ${body} }`);
  }
}
