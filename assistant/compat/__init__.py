"""Compatibility tables and the verdict reasoner: "can I run X on Y?" answered from data.

Public surface: CompatEngine (load / understand / decide / english_terms / refers_back /
version), CompatQuery, Decision and Evidence. Verdicts come from `corpus/compat/*.yaml`, never
from a language model.

    schema.py tables.py   the typed rows and their validated loader (one `Tables`)
    messages.py           the message keys the code uses (texts in messages.yaml)
    lexicon.py            names found in a question (bilingual, typo-tolerant)
    facts.py              domain rules the extractor and the reasoner share
    extract/              question -> CompatQuery, follow-ups resolved (slots, roles, ...)
    reason/               CompatQuery -> Decision, one module per rule family
    engine.py             CompatEngine, the one object the pipeline holds
"""

from assistant.compat.engine import CompatEngine
from assistant.compat.query import CompatQuery, Decision, Evidence

__all__ = ["CompatEngine", "CompatQuery", "Decision", "Evidence"]
