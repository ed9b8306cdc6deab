// One question and its answer, drawn from the stream's events and then from the full Answer.
import { h } from "./dom";
import { fill, type Strings } from "./i18n";
import { plainText, renderMarkdown } from "./markdown";
import type { Answer, Citation, Meta, Reading, Verdict } from "./types";

export interface TurnActions {
  retry(turn: TurnView): void;
  copy(turn: TurnView, text: string): void;
}

export function chipLabel(t: Strings, verdict: Verdict | null, declined: boolean): string | null {
  if (verdict) return t[verdict.status];
  return declined ? t.declined : null;
}

/** "gke-standard · platforms · cloud.google.com": what a reader needs to judge a source. */
export function citationTitle(c: Citation): string {
  const file = c.source.split("/").pop() || c.source;
  return file.replace(/\.(md|ya?ml)$/i, "").replace(/[-_]+/g, " ");
}

export class TurnView {
  readonly root: HTMLElement;
  answer: Answer | null = null;
  private readonly reply: HTMLElement;
  private readonly chip: HTMLElement;
  private readonly reading: HTMLElement;
  private readonly body: HTMLElement;
  private readonly extra: HTMLElement;
  readonly footer: HTMLElement;
  private text = "";
  private verdict: Verdict | null = null;
  private frame = 0;

  constructor(
    readonly question: string,
    private readonly t: Strings,
    private readonly actions: TurnActions,
  ) {
    this.chip = h("p", { class: "chip-row" });
    this.reading = h("p", { class: "reading" });
    this.body = h("div", { class: "md" });
    this.extra = h("div", { class: "extra" });
    this.footer = h("div", { class: "footer" });
    this.reply = h("div", { class: "reply" }, this.chip, this.reading, this.body, this.extra, this.footer);
    this.root = h(
      "article",
      { class: "turn" },
      h("p", { class: "question" }, h("span", { class: "sr" }, this.t.you + ": "), question),
      this.reply,
    );
  }

  thinking(): void {
    this.reset();
    this.reply.setAttribute("aria-busy", "true");
    this.body.replaceChildren(h("p", { class: "thinking" }, this.t.thinking));
  }

  meta(meta: Meta): void {
    this.verdict = meta.verdict;
    this.drawChip(meta.verdict, Boolean(meta.declined));
    this.drawReading(meta.reading);
  }

  delta(text: string): void {
    this.text += text;
    // Redraw once a frame, however many pieces arrive in it.
    if (!this.frame) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.body.replaceChildren(renderMarkdown(this.text, this.verdict, [], citationTitle));
      });
    }
  }

  /** Everything streamed so far is withdrawn; `text` is the answer instead. */
  replace(text: string): void {
    this.text = "";
    this.delta(text);
  }

  /** The final drawing, from the structured Answer only (also used after a reload). */
  finish(answer: Answer): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.answer = answer;
    this.reply.removeAttribute("aria-busy");
    this.drawChip(answer.verdict, answer.declined);
    this.drawReading(answer.reading);
    const text = renderMarkdown(answer.answer, answer.verdict, answer.citations, (c) => this.sourceLabel(c));
    // The verdict first: its headline, then what must hold and what to do instead, then the rest.
    const headline = text.firstChild;
    const verdict = this.verdictSections(answer);
    if (headline) headline.after(...verdict);
    else text.append(...verdict);
    this.body.replaceChildren(text);
    this.extra.replaceChildren(...this.sources(answer));
    const copy = h("button", { type: "button", class: "action" }, this.t.copy);
    copy.addEventListener("click", () =>
      this.actions.copy(this, plainText(answer.answer, answer.citations)),
    );
    this.footer.replaceChildren(copy);
  }

  failed(message: string): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.reply.removeAttribute("aria-busy");
    const retry = h("button", { type: "button", class: "action" }, this.t.retry);
    retry.addEventListener("click", () => this.actions.retry(this));
    this.extra.replaceChildren(h("p", { class: "error", role: "alert" }, message));
    this.footer.replaceChildren(retry);
    if (!this.text) this.body.replaceChildren();
  }

  focusRetry(): void {
    this.footer.querySelector("button")?.focus();
  }

  private reset(): void {
    this.text = "";
    this.answer = null;
    for (const el of [this.chip, this.reading, this.body, this.extra, this.footer]) el.replaceChildren();
  }

  private drawChip(verdict: Verdict | null, declined: boolean): void {
    const label = chipLabel(this.t, verdict, declined);
    const kind = verdict ? verdict.status : "declined";
    this.chip.replaceChildren(
      ...(label
        ? [h("span", { class: `chip chip-${kind}` }, h("span", { class: "sr" }, this.t.verdict + ": "), label)]
        : []),
    );
  }

  private drawReading(reading: Reading | null | undefined): void {
    this.reading.textContent = reading?.text || "";
  }

  private sourceLabel(c: Citation): string {
    return `${fill(this.t.source, { n: c.n })}: ${citationTitle(c)}, ${c.section}`;
  }

  private verdictSections(answer: Answer): HTMLElement[] {
    const list = (title: string, items: string[], cls: string) =>
      h("section", { class: cls }, h("h3", {}, title), h("ul", {}, ...items.map((i) => h("li", {}, i))));
    const out: HTMLElement[] = [];
    const v = answer.verdict;
    if (v?.conditions.length) out.push(list(this.t.conditions, v.conditions, "conditions"));
    if (v?.alternatives.length) out.push(list(this.t.alternatives, v.alternatives, "alternatives"));
    return out;
  }

  private sources(answer: Answer): HTMLElement[] {
    if (!answer.citations.length) return [];
    return [
      h(
        "section",
        { class: "sources" },
        h("h3", {}, this.t.sources),
        h("ol", {}, ...answer.citations.map((c) => this.citation(c))),
      ),
    ];
  }

  private citation(c: Citation): HTMLElement {
    const title = citationTitle(c);
    const safeUrl = c.url && /^https?:\/\//i.test(c.url) ? c.url : null; // never javascript:
    const link = safeUrl
      ? h(
          "a",
          { href: safeUrl, target: "_blank", rel: "noopener noreferrer" },
          title,
          h("span", { class: "sr" }, " " + this.t.opensNewTab),
        )
      : h("span", { class: "src" }, title);
    const details = [c.section, c.checked ? fill(this.t.checked, { date: c.checked }) : null]
      .filter(Boolean)
      .join(" · ");
    return h(
      "li",
      { value: String(c.n) },
      link,
      h("span", { class: "meta" }, " — " + details),
      c.snippet ? h("span", { class: "snippet" }, c.snippet) : null,
    );
  }
}
