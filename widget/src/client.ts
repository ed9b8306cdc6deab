// Talks to Berth: the answer stream (fetch + ReadableStream, parsed as Server-Sent Events) and
// feedback. Errors come out as ApiError with the server's code, or as the fetch's own TypeError.
import type { Config } from "./config";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type StreamHandler = (event: string, data: unknown) => void;

export class BerthClient {
  constructor(private readonly config: Config) {}

  setUserToken(token: string | null): void {
    this.config.userToken = token;
  }

  private headers(): Record<string, string> {
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    if (this.config.key) headers["X-Berth-Widget-Key"] = this.config.key;
    if (this.config.userToken) headers["X-Berth-User-Token"] = this.config.userToken;
    return headers;
  }

  private async post(path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
    const response = await fetch(this.config.berthUrl + path, {
      method: "POST",
      headers: this.headers(),
      body: JSON.stringify(body),
      signal,
      credentials: "omit",
      mode: "cors",
    });
    if (!response.ok) throw await toApiError(response);
    return response;
  }

  /** Resolves when the stream ends; each event is handed to `onEvent` as it arrives. */
  async stream(
    body: { question: string; conversation_id?: string },
    signal: AbortSignal,
    onEvent: StreamHandler,
  ): Promise<void> {
    const response = await this.post("/v1/ask/stream", body, signal);
    if (!response.body) throw new ApiError(0, "incomplete", "no response body");
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      // Events end with a blank line; a partial event waits for the next chunk.
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        dispatch(buffer.slice(0, end), onEvent);
        buffer = buffer.slice(end + 2);
      }
    }
    if (buffer.trim()) dispatch(buffer, onEvent);
  }

  async feedback(answerId: string, rating: "up" | "down", comment: string | null): Promise<void> {
    const body: Record<string, string> = { answer_id: answerId, rating };
    if (comment) body.comment = comment;
    await this.post("/v1/feedback", body);
  }
}

function dispatch(block: string, onEvent: StreamHandler): void {
  let name = "message";
  const data: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (line.startsWith("event:")) name = line.slice(6).trim();
    else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
  }
  if (!data.length) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data.join("\n"));
  } catch {
    return; // not ours to show
  }
  onEvent(name, parsed);
}

async function toApiError(response: Response): Promise<ApiError> {
  let code = `http_${response.status}`;
  let message = response.statusText;
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    code = body.error?.code || code;
    message = body.error?.message || message;
  } catch {
    // not JSON: keep the status
  }
  return new ApiError(response.status, code, message);
}
