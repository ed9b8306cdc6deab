// Every string the widget shows, in English and Korean. Keys are checked by the compiler:
// a string missing in one language does not build.
export type Lang = "en" | "ko";

const en = {
  launcher: "Ask Berth",
  title: "Ask Berth",
  close: "Close",
  newChat: "New conversation",
  inputLabel: "Your question",
  placeholder: "Ask about containers, images, platforms…",
  send: "Send",
  stop: "Stop",
  retry: "Retry",
  copy: "Copy answer",
  copied: "Answer copied.",
  copyFailed: "Could not copy the answer.",
  helpful: "Helpful",
  notHelpful: "Not helpful",
  commentLabel: "Tell us more (optional)",
  sendFeedback: "Send feedback",
  skip: "Skip",
  thanks: "Thanks for the feedback.",
  feedbackFailed: "The feedback could not be sent. Try again.",
  yes: "Yes",
  conditional: "Yes, if…",
  no: "No",
  unknown: "Not settled",
  declined: "Outside Berth's scope",
  verdict: "Verdict",
  conditions: "Conditions (all must hold)",
  alternatives: "Alternatives",
  sources: "Sources",
  checked: "checked {date}",
  source: "Source {n}",
  opensNewTab: "(opens in a new tab)",
  you: "You asked",
  thinking: "Looking it up…",
  stopped: "Stopped.",
  answered: "Berth answered: {text}",
  empty: "Ask about Windows or Linux containers, base images, or which cloud and Kubernetes platform runs what.",
  timeout: "Berth took too long to answer. Try again.",
  network: "Can't reach Berth. Check your connection and try again.",
  rate_limited: "Too many questions in a short time. Wait a moment and try again.",
  unauthorized: "This page may not use Berth right now (widget key or sign-in). Reload the page and try again.",
  too_long: "That question is too long. Shorten it and try again.",
  not_ready: "Berth is starting up. Try again in a moment.",
  incomplete: "The answer was cut off. Try again.",
  generic: "Something went wrong. Try again.",
};

export type Strings = typeof en;

const ko: Strings = {
  launcher: "Berth에게 묻기",
  title: "Berth에게 묻기",
  close: "닫기",
  newChat: "새 대화",
  inputLabel: "질문",
  placeholder: "컨테이너, 이미지, 플랫폼에 대해 물어보세요…",
  send: "보내기",
  stop: "중지",
  retry: "다시 시도",
  copy: "답변 복사",
  copied: "답변을 복사했습니다.",
  copyFailed: "답변을 복사하지 못했습니다.",
  helpful: "도움이 됨",
  notHelpful: "도움이 안 됨",
  commentLabel: "의견을 더 남겨 주세요 (선택)",
  sendFeedback: "의견 보내기",
  skip: "건너뛰기",
  thanks: "의견 감사합니다.",
  feedbackFailed: "의견을 보내지 못했습니다. 다시 시도해 주세요.",
  yes: "예",
  conditional: "예, 조건부",
  no: "아니요",
  unknown: "확정할 수 없음",
  declined: "Berth가 다루지 않는 질문",
  verdict: "판정",
  conditions: "조건 (모두 충족해야 함)",
  alternatives: "대안",
  sources: "출처",
  checked: "{date} 확인",
  source: "출처 {n}",
  opensNewTab: "(새 탭에서 열림)",
  you: "질문",
  thinking: "찾아보는 중…",
  stopped: "중지했습니다.",
  answered: "Berth 답변: {text}",
  empty: "Windows·Linux 컨테이너, 베이스 이미지, 어떤 클라우드와 쿠버네티스 플랫폼에서 무엇이 돌아가는지 물어보세요.",
  timeout: "Berth의 답변이 너무 오래 걸렸습니다. 다시 시도해 주세요.",
  network: "Berth에 연결할 수 없습니다. 네트워크를 확인하고 다시 시도해 주세요.",
  rate_limited: "짧은 시간에 질문이 너무 많았습니다. 잠시 후 다시 시도해 주세요.",
  unauthorized: "지금 이 페이지에서는 Berth를 쓸 수 없습니다 (위젯 키 또는 로그인). 페이지를 새로 고친 뒤 다시 시도해 주세요.",
  too_long: "질문이 너무 깁니다. 줄여서 다시 시도해 주세요.",
  not_ready: "Berth가 시작하는 중입니다. 잠시 후 다시 시도해 주세요.",
  incomplete: "답변이 중간에 끊겼습니다. 다시 시도해 주세요.",
  generic: "문제가 생겼습니다. 다시 시도해 주세요.",
};

const STRINGS: Record<Lang, Strings> = { en, ko };

export function strings(lang: Lang): Strings {
  return STRINGS[lang];
}

export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ""));
}

/** `auto` follows `<html lang>`; anything Korean is Korean, everything else English. */
export function resolveLang(setting: string | null | undefined, doc: Document): Lang {
  const wanted = (setting || "auto").toLowerCase();
  if (wanted === "ko" || wanted === "en") return wanted;
  return (doc.documentElement.lang || "").toLowerCase().startsWith("ko") ? "ko" : "en";
}
