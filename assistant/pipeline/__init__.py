"""The answer pipeline: understand -> retrieve -> reason, then a writer and the guard."""
