// 👍 / 👎 under an answer, then an optional comment; one POST /v1/feedback when the person sends
// or skips the comment, so each rating is stored once.
import { h } from "./dom";
import type { Strings } from "./i18n";

export type Rating = "up" | "down";
export type SendFeedback = (rating: Rating, comment: string | null) => Promise<void>;

export function feedbackControls(
  t: Strings,
  rated: Rating | undefined,
  send: SendFeedback,
  announce: (text: string) => void,
): HTMLElement {
  const box = h("div", { class: "feedback" });
  const up = h("button", { type: "button", class: "thumb", "aria-label": t.helpful, "aria-pressed": "false" }, "👍");
  const down = h("button", { type: "button", class: "thumb", "aria-label": t.notHelpful, "aria-pressed": "false" }, "👎");
  const form = h("form", { class: "comment", hidden: true });
  const status = h("p", { class: "fb-status", tabindex: "-1" });
  box.append(up, down, form, status);
  if (rated) {
    done(rated);
    return box;
  }

  let pending: Rating = "up";
  const commentId = `c${Math.random().toString(36).slice(2, 9)}`;
  const area = h("textarea", { id: commentId, rows: "2", maxlength: "2000" });
  const submit = h("button", { type: "submit", class: "action primary" }, t.sendFeedback);
  const skip = h("button", { type: "button", class: "action" }, t.skip);
  form.append(h("label", { for: commentId }, t.commentLabel), area, h("div", { class: "row" }, submit, skip));

  function choose(rating: Rating): void {
    pending = rating;
    up.setAttribute("aria-pressed", String(rating === "up"));
    down.setAttribute("aria-pressed", String(rating === "down"));
    form.hidden = false;
    area.focus();
  }

  async function post(comment: string | null): Promise<void> {
    submit.disabled = skip.disabled = true;
    try {
      await send(pending, comment);
      done(pending);
      status.focus(); // the form's buttons are gone; focus stays in the dialog
      announce(t.thanks);
    } catch {
      status.textContent = t.feedbackFailed;
      submit.disabled = skip.disabled = false;
    }
  }

  function done(rating: Rating): void {
    up.setAttribute("aria-pressed", String(rating === "up"));
    down.setAttribute("aria-pressed", String(rating === "down"));
    up.disabled = down.disabled = true;
    form.hidden = true;
    status.textContent = t.thanks;
  }

  up.addEventListener("click", () => choose("up"));
  down.addEventListener("click", () => choose("down"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void post(area.value.trim() || null);
  });
  skip.addEventListener("click", () => void post(null));
  return box;
}
