"""The local Gemma server for tests: the same helper `berth eval --llm --local-model` uses."""

from eval.local_llm import gemma_model, llama_server

__all__ = ["gemma_model", "llama_server"]
