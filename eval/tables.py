"""Table-driven checks: questions generated from every compatibility-table row (filled in below)."""

from __future__ import annotations

from eval.gold import GoldItem


def table_items(full: bool) -> list[GoldItem]:
    return []
