"""The unplaced-word audit: the content words of a question that nothing placed, clause by
clause. A clause that asks, names something (an entity or a feature) or is pointed back at by
pronoun is read whole; any other statement, and a bracketed aside, only for its technical
words ("Our script queries WMI. Will that work …?"). What stays is reported in the reading and
keeps a verdict from being given as if those words were absent."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.compat.lexicon import Lexicon, has_phrase, phrase_matches
from assistant.compat.phrases import PhraseIndex, match_spans
from assistant.compat.reading.clauses import Clauses, clause_spans
from assistant.compat.reading.schema import ReadingVocabulary
from assistant.compat.reading.spans import with_connective
from assistant.compat.reading.unplaced import unplaced_words


@dataclass(frozen=True)
class UnplacedAudit:
    lexicon: Lexicon
    vocabulary: ReadingVocabulary
    placing: PhraseIndex[str]
    """Marker phrases and feature names: placed beside the lexicon's names."""
    feature_names: PhraseIndex[str]
    stopwords: list[str]

    def words(
        self,
        text: str,
        clauses: Clauses,
        named: list[str],
        taken: list[tuple[int, int]],
        technical: set[str],
    ) -> list[str]:
        """`named`: platform names the tables lack; they are placed (the reasoner says so), as
        is what the reader `taken` (container counts, image sizes). Clauses that neither ask
        nor name anything count only their `technical` words (see `technical_words`)."""
        placed = [(m.start, m.end) for m in self.lexicon.find(clauses.text)]
        placed += taken
        placed += [(m.start, m.end) for m in [*clauses.context, *clauses.excluded]]
        placed += [
            (i, i + 1) for i, (a, b) in enumerate(zip(text, clauses.text, strict=True)) if a != b
        ]
        placed += [span for m, _ in self.placing.matches(text) for span in match_spans(m)]
        for phrase in named:
            placed += [span for m in phrase_matches(phrase, text) for span in match_spans(m)]
        spans = clause_spans(text, self.vocabulary.clauses.connectives)
        words: list[str] = []
        set_aside = [(m.start, m.end) for m in clauses.context]
        hearsay = self.vocabulary.clauses.hearsay
        for index, (start, end) in enumerate(spans):
            read_whole = self._asks_or_states(text, (start, end), set_aside) or self.referred_to(
                text, spans, index
            )
            if "?" not in text[start:end] and has_phrase(
                with_connective(text, spans, index), hearsay
            ):
                # What the asker heard or remembers ("예전엔 … 됐던 걸로 기억하는데", "our lead
                # says it won't work, period") is the claim the question checks: its plain words
                # do not change what is asked; its technical ones might.
                read_whole = False
            inside = [(max(s, start) - start, min(e, end) - start) for s, e in placed]
            inside = [(s, e) for s, e in inside if e > s]
            # Only a statement's: brackets in the asking clause may hold what is asked.
            aside = set() if "?" in text[start:end] else _in_brackets(text[start:end])
            for word in unplaced_words(
                text[start:end], inside, self.vocabulary.filler, self.stopwords
            ):
                # A bracketed aside ("(security said no, end of story)") counts only for its
                # technical words, as a clause that names nothing does.
                whole = read_whole and word not in aside
                if word not in words and (whole or word in technical):
                    words.append(word)
        return words

    def _asks_or_states(
        self, text: str, span: tuple[int, int], set_aside: Sequence[tuple[int, int]] = ()
    ) -> bool:
        """A clause that asks, or that names something: not a bare aside ("we're a small team").
        A statement that names only what was set aside as context ("Lambda is Linux-only,
        understood.", "Cloud Run is obviously a no-go") is background about that other thing:
        like an aside, only its technical words count."""
        clause = text[span[0] : span[1]]
        named = [
            m
            for m in self.lexicon.find(clause)
            if m.ref.type != "generic" and not any(s <= span[0] + m.start < e for s, e in set_aside)
        ]
        # A feature named is content too: "The cluster CNI is Weave Net." states the CNI.
        featured = bool(self.feature_names.matches(clause))
        return "?" in clause or bool(named) or featured or span == (0, len(text))

    def referred_to(self, text: str, spans: list[tuple[int, int]], index: int) -> bool:
        """A statement the next clause asks about by pronoun: "We have an old 32-bit tool. Can
        it run in Nano Server?" asks whether the 32-bit tool runs there."""
        if index + 1 >= len(spans):
            return False
        start, end = spans[index + 1]
        following = text[start:end]
        return "?" in following and has_phrase(following, self.vocabulary.clauses.referents)


def _in_brackets(clause: str) -> set[str]:
    """The words that stand only inside brackets in `clause`."""
    inside = {
        w for m in re.finditer(r"\(([^()]*)\)", clause) for w in re.findall(r"[\w.-]+", m.group(1))
    }
    outside = set(re.findall(r"[\w.-]+", re.sub(r"\([^()]*\)", " ", clause)))
    return inside - outside
