"""Expected failures. Each carries a stable `code` the API maps to 4xx and the CLI to exit 2."""

from __future__ import annotations


class BerthError(Exception):
    code = "berth_error"
    http_status = 400
    retry_after_seconds: int | None = None
    """Set on errors worth retrying as they are: the API sends it as Retry-After."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidQuestion(BerthError):
    code = "invalid_question"
    http_status = 422


class QuestionTooLong(InvalidQuestion):
    code = "question_too_long"
    http_status = 413


class IndexNotBuilt(BerthError):
    code = "index_not_built"
    http_status = 503

    def __init__(self, detail: str = "") -> None:
        suffix = f" ({detail})" if detail else ""
        super().__init__(f"IndexNotBuilt: run 'berth ingest' first{suffix}")


class CorpusInvalid(BerthError):
    code = "corpus_invalid"
    http_status = 500


class ConversationNotFound(BerthError):
    code = "conversation_not_found"
    http_status = 404


class AnswerNotFound(BerthError):
    code = "answer_not_found"
    http_status = 404


class StateBusy(BerthError):
    """Another process held the state database's write lock past the busy timeout. Nothing was
    written (the transaction rolled back), so the same request may simply be sent again."""

    code = "state_busy"
    http_status = 503
    retry_after_seconds = 2


class StateUnavailable(StateBusy):
    """The shared state database (PostgreSQL) cannot be reached; nothing was written."""

    code = "state_unavailable"


class VectorStoreUnavailable(BerthError):
    """The Chroma server cannot be reached or refuses the token: nothing to search, for now."""

    code = "vector_store_unavailable"
    http_status = 503
    retry_after_seconds = 2
