"""Compatibility tables and the verdict reasoner: "can I run X on Y?" answered from data.

Public surface: CompatEngine (load / understand / decide / english_terms / version), CompatQuery,
Decision and Evidence. Verdicts come from `corpus/compat/*.yaml`, never from a language model.
"""

from assistant.compat.engine import CompatEngine
from assistant.compat.query import CompatQuery, Decision, Evidence

__all__ = ["CompatEngine", "CompatQuery", "Decision", "Evidence"]
