// The Answer contract (DESIGN.md) as the widget reads it from `meta` and `done`.
export type VerdictStatus = "yes" | "no" | "conditional" | "unknown";

export interface Verdict {
  status: VerdictStatus;
  conditions: string[];
  alternatives: string[];
}

export interface Reading {
  text?: string;
}

export interface Citation {
  n: number;
  source: string;
  section: string;
  url: string | null;
  snippet: string;
  checked: string | null;
}

export interface Answer {
  id: string;
  question: string;
  language: "en" | "ko";
  answer: string;
  reading?: Reading | null;
  verdict: Verdict | null;
  citations: Citation[];
  declined: boolean;
  conversation_id: string | null;
}

export interface Meta {
  id: string;
  conversation_id: string | null;
  verdict: Verdict | null;
  declined?: boolean;
  reading?: Reading | null;
}
