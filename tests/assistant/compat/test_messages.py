"""Message keys: one literal type in code, the texts in messages.yaml, checked both ways."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import get_args

import pytest

from assistant.compat.messages import (
    CAPABILITY_KEY,
    MESSAGE_KEYS,
    OS_KEY,
    STATUS_KEY,
)
from assistant.compat.schema import OS_NAMES, Capability, Status
from assistant.compat.tables import load_tables
from assistant.errors import CorpusInvalid

COMPAT_CODE = Path(__file__).resolve().parents[3] / "assistant" / "compat"


def test_every_key_is_used_by_the_code(repo_compat: Path) -> None:
    """A key only the registry names is dead text: grep finds each key where it is used."""
    code = "\n".join(
        p.read_text(encoding="utf-8") for p in COMPAT_CODE.rglob("*.py") if p.name != "messages.py"
    )
    registry = (COMPAT_CODE / "messages.py").read_text(encoding="utf-8")
    maps = registry[registry.index("OS_KEY") :]
    used = set(re.findall(r'"([a-z0-9_-]+)"', code)) | set(re.findall(r'"([a-z0-9_-]+)"', maps))
    assert sorted(MESSAGE_KEYS - used) == []


def test_the_run_time_maps_cover_their_vocabulary() -> None:
    assert set(OS_KEY) == set(OS_NAMES)
    assert set(STATUS_KEY) == set(get_args(Status))
    assert set(CAPABILITY_KEY) == set(get_args(Capability))
    assert set(OS_KEY.values()) | set(STATUS_KEY.values()) | set(CAPABILITY_KEY.values()) <= (
        MESSAGE_KEYS
    )


def test_the_yaml_holds_exactly_the_keys_the_code_uses(repo_compat: Path) -> None:
    assert set(load_tables(repo_compat).messages) == MESSAGE_KEYS


def _copy(repo_compat: Path, tmp_path: Path) -> Path:
    target = tmp_path / "compat"
    shutil.copytree(repo_compat, target)
    return target


def test_a_missing_key_fails_at_load_naming_it(repo_compat: Path, tmp_path: Path) -> None:
    compat = _copy(repo_compat, tmp_path)
    path = compat / "messages.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"\n  alt_hyperv:\n(    .*\n)+", "\n", text), encoding="utf-8")
    with pytest.raises(CorpusInvalid, match=r"messages.yaml: message 'alt_hyperv' is missing"):
        load_tables(compat)


def test_an_unused_key_fails_at_load_naming_it(repo_compat: Path, tmp_path: Path) -> None:
    compat = _copy(repo_compat, tmp_path)
    path = compat / "messages.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "  spare_text: {en: Spare, ko: 여분}\n",
        encoding="utf-8",
    )
    with pytest.raises(CorpusInvalid, match=r"message 'spare_text' is not used by the code"):
        load_tables(compat)
