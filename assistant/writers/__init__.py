"""Writers turn a reasoned question into answer text; the extractive one is the default."""
