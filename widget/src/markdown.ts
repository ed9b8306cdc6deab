// Answer text (Markdown: **bold**, lists, [n] citation marks) to DOM nodes.
//
// marked's lexer parses; this file turns its tokens into elements from a fixed allow-list, with
// every piece of text as a text node. No HTML string is ever built or parsed, so there is
// nothing for a sanitiser to clean: raw HTML in an answer (`<img onerror=…>`) is an `html` token
// and is shown as the characters it is; links keep only http(s) URLs. (marked + DOMPurify was
// 38 kB gzipped, over the widget's 35 kB budget; this is the safer of the two routes anyway.)
import { Lexer, type Token, type Tokens } from "marked";
import type { Citation, Verdict } from "./types";

type Label = (c: Citation) => string;

const norm = (text: string) => text.replace(/\[\d+\]/g, "").replace(/\s+/g, " ").trim().toLowerCase();

/**
 * Drops the "Conditions:" / "Alternatives:" lists that repeat the structured verdict, which the
 * widget draws from the verdict itself. Only an exact repeat is dropped, so a change in the
 * writer's wording shows both rather than losing anything.
 */
function withoutRepeats(tokens: Token[], verdict: Verdict | null): Token[] {
  if (!verdict) return tokens;
  const lists = [verdict.conditions, verdict.alternatives]
    .filter((l) => l.length)
    .map((l) => l.map(norm).join("\n"));
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const next = tokens[i + 1];
    if (token.type === "paragraph" && token.text.trim().endsWith(":") && next?.type === "list") {
      const items = (next as Tokens.List).items.map((item) => norm(item.text)).join("\n");
      if (lists.includes(items)) {
        i += 1; // the heading line and its list
        continue;
      }
    }
    out.push(token);
  }
  return out;
}

export function renderMarkdown(
  text: string,
  verdict: Verdict | null,
  citations: Citation[],
  label: Label,
): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const cites = new Map(citations.map((c) => [c.n, c]));
  for (const token of withoutRepeats(Lexer.lex(text), verdict)) {
    const node = block(token, cites, label);
    if (node) fragment.appendChild(node);
  }
  return fragment;
}

type Cites = Map<number, Citation>;

function el(tag: string, children: Node[]): HTMLElement {
  const e = document.createElement(tag);
  e.append(...children);
  return e;
}

function block(token: Token, cites: Cites, label: Label): Node | null {
  const kids = (t: { tokens?: Token[] }) => inline(t.tokens ?? [], cites, label);
  switch (token.type) {
    case "space":
    case "def":
    case "hr":
      return null;
    case "paragraph":
      return el("p", kids(token as Tokens.Paragraph));
    case "heading":
      return el("h4", kids(token as Tokens.Heading));
    case "blockquote":
      return el("blockquote", (token as Tokens.Blockquote).tokens.map((t) => block(t, cites, label)).filter(isNode));
    case "code":
      return el("pre", [el("code", [document.createTextNode((token as Tokens.Code).text)])]);
    case "list": {
      const list = token as Tokens.List;
      const e = el(list.ordered ? "ol" : "ul", list.items.map((item) => listItem(item, cites, label)));
      if (list.ordered && typeof list.start === "number" && list.start !== 1) e.setAttribute("start", String(list.start));
      return e;
    }
    case "text": {
      const t = token as Tokens.Text;
      return el("p", t.tokens ? inline(t.tokens, cites, label) : marks(t.text, cites, label));
    }
    default:
      // html, tables and anything newer: their source, as text.
      return el("p", [document.createTextNode(token.raw)]);
  }
}

function listItem(item: Tokens.ListItem, cites: Cites, label: Label): HTMLElement {
  const children: Node[] = [];
  for (const t of item.tokens) {
    if (t.type === "text") {
      const text = t as Tokens.Text;
      children.push(...(text.tokens ? inline(text.tokens, cites, label) : marks(text.text, cites, label)));
    } else {
      const node = block(t, cites, label);
      if (node) children.push(node);
    }
  }
  return el("li", children);
}

function inline(tokens: Token[], cites: Cites, label: Label): Node[] {
  const out: Node[] = [];
  for (const token of tokens) {
    const kids = (t: { tokens?: Token[] }) => inline(t.tokens ?? [], cites, label);
    switch (token.type) {
      case "strong":
        out.push(el("strong", kids(token as Tokens.Strong)));
        break;
      case "em":
        out.push(el("em", kids(token as Tokens.Em)));
        break;
      case "del":
        out.push(el("del", kids(token as Tokens.Del)));
        break;
      case "codespan":
        out.push(el("code", [document.createTextNode((token as Tokens.Codespan).text)]));
        break;
      case "br":
        out.push(document.createElement("br"));
        break;
      case "link": {
        const link = token as Tokens.Link;
        out.push(safeLink(link.href, kids(link)) ?? el("span", kids(link)));
        break;
      }
      case "text":
      case "escape": {
        const t = token as Tokens.Text;
        out.push(...(t.tokens ? inline(t.tokens, cites, label) : marks(t.text, cites, label)));
        break;
      }
      default:
        // html (`<img onerror=…>`), images, and anything else: shown as their source text.
        out.push(document.createTextNode(token.raw));
    }
  }
  return out;
}

function isNode(n: Node | null): n is Node {
  return n !== null;
}

export function safeLink(href: string | null | undefined, children: Node[]): HTMLAnchorElement | null {
  if (!href || !/^https?:\/\//i.test(href)) return null;
  const a = document.createElement("a");
  a.href = href;
  a.target = "_blank";
  a.rel = "noopener noreferrer";
  a.append(...children);
  return a;
}

/** Text with `[n]` marks turned into links to source n (plain text for an unknown n). */
function marks(text: string, cites: Cites, label: Label): Node[] {
  const out: Node[] = [];
  for (const part of text.split(/(\[\d+\])/)) {
    const match = /^\[(\d+)\]$/.exec(part);
    const cite = match ? cites.get(Number(match[1])) : undefined;
    if (!cite) {
      if (part) out.push(document.createTextNode(part));
      continue;
    }
    const mark = safeLink(cite.url, [document.createTextNode(`[${cite.n}]`)]) ?? document.createElement("span");
    if (!mark.textContent) mark.textContent = `[${cite.n}]`;
    mark.classList.add("mark");
    mark.setAttribute("aria-label", label(cite));
    out.push(mark);
  }
  return out;
}

/** Plain text of the answer for copying: Markdown markers removed, sources listed. */
export function plainText(text: string, citations: Citation[]): string {
  const body = text.replace(/\*\*(.+?)\*\*/g, "$1").replace(/`([^`]+)`/g, "$1");
  const sources = citations.map((c) => `[${c.n}] ${c.url || c.source} (${c.section})`);
  return sources.length ? `${body}\n\n${sources.join("\n")}` : body;
}
