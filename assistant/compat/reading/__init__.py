"""Reading a whole question: clauses, features, unplaced words (see reader.py)."""
