"""Ingest: load and validate the corpus, split it, embed it, write an index generation."""
