"""wording: messages filled in both languages, lists joined per language, names."""

from __future__ import annotations

from assistant.compat.reason import Ctx
from assistant.compat.reason.wording import host_name, isolation_name, join, msg, tag
from assistant.compat.schema import Text


def test_a_message_is_filled_in_each_language_and_may_open_with_a_capital(ctx: Ctx) -> None:
    text = msg(ctx, "platform_runs_on", platform=Text(en="X", ko="엑스"), host="a Mac")
    assert "X" in text.en and "엑스" in text.ko


def test_lists_join_with_the_languages_own_words(ctx: Ctx) -> None:
    names = [Text(en="A", ko="가"), Text(en="B", ko="나"), Text(en="C", ko="다")]
    joined = join(ctx, names)
    assert joined.en == "A, B or C"
    assert joined.ko == "가, 나 또는 다"
    assert join(ctx, []).en == "-"


def test_names_come_from_the_tables_and_the_lexicon(ctx: Ctx) -> None:
    assert host_name(ctx, "ws2022").en == "Windows Server 2022"
    assert host_name(ctx, "not-a-host").en == "not-a-host"
    assert tag(ctx, "ws2019") == "ltsc2019"
    assert isolation_name(ctx, "hyperv").ko == "Hyper-V 격리"
