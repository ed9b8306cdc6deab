"""The one read-only context every rule reads: the tables, the compiled lexicon and the date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from assistant.compat.lexicon import Lexicon
from assistant.compat.tables import Tables


@dataclass(frozen=True)
class Ctx:
    tables: Tables
    """Rows and the message texts (`tables.messages`), validated at load."""
    lexicon: Lexicon
    """Display names of isolation modes and architectures."""
    today: date
    """The date retirements are judged against: the decision's date, or a pinned one in tests."""
