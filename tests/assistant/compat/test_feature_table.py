"""corpus/compat/features.yaml: parses, references real table ids, quotes its notes verbatim."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from berth_testing import REPO, REPO_CORPUS

from assistant.compat.feature_schema import FeatureTable, load_feature_table
from assistant.compat.tables import FEATURES_FILE, Tables, load_tables
from assistant.errors import CorpusInvalid
from eval.mining import normalise

COMPAT = REPO_CORPUS / "compat"


@pytest.fixture(scope="module")
def table() -> FeatureTable:
    return load_feature_table(COMPAT / FEATURES_FILE)


@pytest.fixture(scope="module")
def tables() -> Tables:
    # load_tables knows features.yaml and mining_waivers.yaml, so the real folder loads.
    return load_tables(COMPAT)


def test_features_and_facts_have_unique_ids(table: FeatureTable) -> None:
    assert len(table.features) >= 40 and len(table.facts) >= 60
    for ids in ([f.id for f in table.features], [f.id for f in table.facts]):
        assert not [i for i, n in Counter(ids).items() if n > 1]


def test_every_referenced_id_exists_in_the_tables(table: FeatureTable, tables: Tables) -> None:
    families = {family.id for family in tables.lexicon.families}
    for fact in table.facts:
        where = f"fact '{fact.id}'"
        for platform in fact.applies_to.platforms:
            assert platform in tables.platforms or platform in families, f"{where}: {platform}"
        for host in fact.applies_to.hosts:
            assert host in tables.hosts, f"{where}: unknown host {host}"
        for image in fact.applies_to.base_images:
            assert image in tables.base_images, f"{where}: unknown base image {image}"


def _key(alias: str) -> str:
    return re.sub(r"[\s\-_]+", "", alias.lower())


def test_aliases_are_unique_across_features_and_bilingual(table: FeatureTable) -> None:
    owners: dict[str, str] = {}
    for feature in table.features:
        assert feature.aliases.en and feature.aliases.ko, f"{feature.id}: needs en and ko aliases"
        for alias in [*feature.aliases.en, *feature.aliases.ko]:
            owner = owners.setdefault(_key(alias), feature.id)
            assert owner == feature.id, f"alias '{alias}' of {feature.id} is taken by {owner}"


def test_every_quote_is_verbatim_in_its_note(table: FeatureTable) -> None:
    texts: dict[str, str] = {}
    for fact in table.facts:
        assert fact.note and fact.quote, f"fact '{fact.id}' names no note sentence"
        path = REPO / fact.note
        assert path.is_file(), f"fact '{fact.id}': no note {fact.note}"
        text = texts.setdefault(fact.note, normalise(path.read_text(encoding="utf-8")))
        assert normalise(fact.quote) in text, f"fact '{fact.id}': quote not in {fact.note}"


def test_facts_are_sourced_dated_and_bilingual(table: FeatureTable) -> None:
    for fact in table.facts:
        assert fact.sources, fact.id
        # Checked against the notes, which were themselves checked on 2026-11-28.
        assert date(2026, 11, 28) <= fact.checked <= date.today(), fact.id
        texts = [fact.summary, *([fact.reason] if fact.reason else [])]
        texts += [*fact.conditions, *fact.alternatives]
        for text in texts:
            assert re.search(r"[가-힣]", text.ko), f"fact '{fact.id}': Korean text is not Korean"
        if fact.status == "conditional":
            assert fact.conditions, f"fact '{fact.id}': conditional without conditions"
        if fact.status in ("no", "unknown"):
            assert fact.reason, f"fact '{fact.id}': '{fact.status}' needs a reason"


def test_statuses_read_as_words_not_yaml_booleans(table: FeatureTable) -> None:
    statuses = {fact.status for fact in table.facts}
    assert statuses == {"yes", "no", "conditional", "unknown"}


def _broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    target = tmp_path / "compat"
    shutil.copytree(COMPAT, target)
    path = target / FEATURES_FILE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_bad_row_fails_with_the_file_and_the_row(tmp_path: Path) -> None:
    path = _broken_copy(tmp_path, "feature: ipv6\n", "feature: ipv7\n")
    with pytest.raises(CorpusInvalid, match=r"features\.yaml: .*unknown feature 'ipv7'"):
        load_feature_table(path)
    path = _broken_copy(tmp_path / "b", "status: conditional\n", "status: maybe\n")
    with pytest.raises(CorpusInvalid, match=r"features\.yaml: row '[a-z0-9-]+': unknown status"):
        load_feature_table(path)


def test_load_tables_still_rejects_unknown_files(tmp_path: Path) -> None:
    target = tmp_path / "compat"
    shutil.copytree(COMPAT, target)
    (target / "feature_notes.yaml").write_text("rows: []\n", encoding="utf-8")
    with pytest.raises(CorpusInvalid, match="not a known table file"):
        load_tables(target)
