"""An answer service that follows the index: a running server switches to a new generation.

`berth ingest` against a running server used to change its answers silently while `/readyz`
still reported the old corpus. Here each generation is one `Assistant` (index, tables and glossary
of that generation only). Every `index_check_seconds` a request looks at the generation pointer;
when it names a new generation, a background thread loads and checks it while requests keep
being answered by the old one, then the reference is swapped. A request runs start to end on the
Assistant it began with, so no answer ever mixes two generations. A generation that fails to load
is logged, not retried until the pointer changes again, and the old one stays served.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from assistant.config import Settings
from assistant.errors import BerthError
from assistant.events import Event
from assistant.ingest.generations import GenerationPointer
from assistant.ingest.shared import SharedGenerations, SharedPointer
from assistant.models import Answer, Language
from assistant.pipeline.assistant import Assistant
from assistant.state.conversations import ANONYMOUS, ConversationStore

logger = logging.getLogger("berth.index")


class ReloadingAssistant:
    """Implements `assistant.service.AnswerService` on the current generation's Assistant."""

    def __init__(
        self,
        settings: Settings,
        assistant: Assistant,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._settings = settings
        self._current = assistant
        local = GenerationPointer(settings.index_dir)
        # With a shared index the pointer is the state database's (ingest ran elsewhere).
        self._pointer: GenerationPointer | SharedPointer = (
            SharedPointer(SharedGenerations(assistant.conversations.db, settings.index_dir), local)
            if settings.index_shared
            else local
        )
        self._clock = clock
        self._next_check = clock() + settings.index_check_seconds
        self._lock = threading.Lock()
        self._loading: threading.Thread | None = None
        self._failed: str | None = None

    @classmethod
    def from_settings(
        cls, settings: Settings, conversations: ConversationStore | None = None
    ) -> ReloadingAssistant:
        return cls(settings, Assistant.from_settings(settings, conversations=conversations))

    @property
    def current(self) -> Assistant:
        return self._current

    def ask(
        self,
        question: str,
        *,
        conversation_id: str | None = None,
        language: Language | None = None,
        owner: str = ANONYMOUS,
    ) -> Answer:
        return self._fresh().ask(
            question, conversation_id=conversation_id, language=language, owner=owner
        )

    def stream(
        self,
        question: str,
        *,
        conversation_id: str | None = None,
        language: Language | None = None,
        owner: str = ANONYMOUS,
    ) -> Iterator[Event]:
        return self._fresh().stream(
            question, conversation_id=conversation_id, language=language, owner=owner
        )

    @property
    def streams_text(self) -> bool:
        return self._current.streams_text

    def status(self) -> dict[str, Any]:
        return self._fresh().status()

    def close(self) -> None:
        self._current.close()

    def wait_for_reload(self, timeout: float) -> None:
        """Tests: block until a reload that has started has finished."""
        loading = self._loading
        if loading is not None:
            loading.join(timeout)

    def _fresh(self) -> Assistant:
        now = self._clock()
        if now >= self._next_check:
            with self._lock:
                if now >= self._next_check and self._loading is None:
                    self._next_check = now + self._settings.index_check_seconds
                    self._maybe_start_reload()
        return self._current

    def _maybe_start_reload(self) -> None:
        latest = self._pointer.read()
        if latest is None or latest in (self._current.generation, self._failed):
            return
        self._loading = threading.Thread(
            target=self._reload, args=(latest,), name="berth-reload", daemon=True
        )
        self._loading.start()

    def _reload(self, generation: str) -> None:
        old = self._current
        try:
            fresh = Assistant.from_settings(
                self._settings,
                embeddings=old.embeddings,
                conversations=old.conversations,
                generation=generation,
            )
        except BerthError as exc:
            self._failed = generation
            logger.warning(
                "new index generation not loaded; still serving the previous one",
                extra={"generation": generation, "serving": old.generation, "reason": exc.message},
            )
        except Exception:
            self._failed = generation
            logger.exception("loading index generation %s failed", generation)
        else:
            self._current = fresh
            logger.info(
                "switched to a new index generation",
                extra={"generation": generation, "previous": old.generation},
            )
        finally:
            with self._lock:
                self._loading = None
