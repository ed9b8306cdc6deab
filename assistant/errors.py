"""Expected failures. Each carries a stable `code` the API maps to 4xx and the CLI to exit 2."""

from __future__ import annotations


class BerthError(Exception):
    code = "berth_error"
    http_status = 400

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
