"""Search: tokenising, the glossary, hybrid retrieval and the in-scope decision."""
