"""Every string the bot says, in English and Korean: data, looked up by key and language.

A test checks that both languages have every key and the same placeholders, so a new message
cannot ship in one language only.
"""

from __future__ import annotations

from typing import Any

from assistant.models import Language, VerdictStatus

STRINGS: dict[str, dict[Language, str]] = {
    # The verdict badge, the first thing the channel reads.
    "badge.yes": {"en": "✅ *Yes*", "ko": "✅ *예*"},
    "badge.conditional": {"en": "⚠️ *Yes, if…*", "ko": "⚠️ *예, 조건부로*"},
    "badge.no": {"en": "❌ *No*", "ko": "❌ *아니요*"},
    "badge.unknown": {"en": "❓ *Not settled*", "ko": "❓ *확정할 수 없음*"},
    "read_as": {"en": "Read as", "ko": "이렇게 이해했습니다"},
    "missing": {"en": "Not settled by the tables:", "ko": "표로 확정할 수 없는 점:"},
    "sources": {"en": "Sources", "ko": "출처"},
    "checked": {"en": "checked {date}", "ko": "{date} 확인"},
    "continued": {"en": "_(continued below ↓)_", "ko": "_(아래에 계속 ↓)_"},
    "part": {"en": "_(part {n} of {total})_", "ko": "_({total}개 중 {n}번째)_"},
    "trimmed": {
        "en": "_(trimmed to fit Slack; the full answer: `berth ask --conversation {cid}` or "
        "GET /v1/conversations/{cid})_",
        "ko": "_(Slack 길이 제한으로 줄였습니다. 전체 답변: `berth ask --conversation {cid}` 또는 "
        "GET /v1/conversations/{cid})_",
    },
    "declined": {
        "en": "That is outside what I know. I answer questions about containers and where they "
        "run, e.g. _Can I run my .NET Framework app on GKE?_ or _Which base image do I need "
        "for IIS?_",
        "ko": "제가 답할 수 있는 범위 밖의 질문입니다. "
        "컨테이너와 실행 플랫폼에 관한 질문에 답합니다. "
        "예: _GKE에서 .NET Framework 앱을 실행할 수 있나요?_, "
        "_IIS에는 어떤 베이스 이미지가 필요한가요?_",
    },
    "help": {
        "en": "Ask me about containers and where they run, e.g. `/berth Can I deploy a Windows "
        "container to Cloud Run?` — or mention me in a channel. Replies in my threads need no "
        "new mention.",
        "ko": "컨테이너와 실행 플랫폼에 관해 물어보세요. 예: `/berth Cloud Run에 윈도우 컨테이너를 "
        "배포할 수 있나요?` — 채널에서는 저를 멘션하세요. 제가 답한 스레드에서는 다시 멘션하지 "
        "않아도 됩니다.",
    },
    "working": {"en": "⏳ Working on it…", "ko": "⏳ 답변을 준비하고 있습니다…"},
    "feedback.up": {"en": "👍 Helpful", "ko": "👍 도움이 됨"},
    "feedback.down": {"en": "👎 Not helpful", "ko": "👎 도움이 안 됨"},
    "feedback.thanks": {"en": "Thanks, noted.", "ko": "의견 감사합니다. 기록했습니다."},
    "feedback.why": {
        "en": "Thanks. What was wrong with it?",
        "ko": "감사합니다. 어떤 점이 문제였나요?",
    },
    "feedback.reason.wrong": {"en": "Wrong", "ko": "틀림"},
    "feedback.reason.outdated": {"en": "Outdated", "ko": "오래된 정보"},
    "feedback.reason.missing_source": {"en": "Missing source", "ko": "출처 없음"},
    "feedback.reason_noted": {
        "en": "Thanks, noted: {reason}.",
        "ko": "감사합니다. 기록했습니다: {reason}.",
    },
    "feedback.gone": {
        "en": "That answer is too old to rate now.",
        "ko": "너무 오래된 답변이라 평가할 수 없습니다.",
    },
    "share": {"en": "Share in channel", "ko": "채널에 공유"},
    "shared_by": {
        "en": "Shared by <@{user}>: _{question}_",
        "ko": "<@{user}> 님이 공유: _{question}_",
    },
    "shared": {"en": "Shared in the channel.", "ko": "채널에 공유했습니다."},
    "not_in_channel": {
        "en": "I can't post in this channel yet: invite me with `/invite @Berth`, then try again.",
        "ko": "아직 이 채널에 글을 쓸 수 없습니다. `/invite @Berth`로 초대한 뒤 다시 시도하세요.",
    },
    "rate_limited": {
        "en": "You're asking faster than I can answer here. Try again in {seconds} s.",
        "ko": "질문이 너무 빠르게 이어지고 있습니다. {seconds}초 후에 다시 시도하세요.",
    },
    "error.question_too_long": {
        "en": "That question is too long for me ({limit} characters at most). Try a shorter one.",
        "ko": "질문이 너무 깁니다(최대 {limit}자). 더 짧게 질문해 주세요.",
    },
    "error.invalid_question": {
        "en": "I couldn't read that as a question. Try asking in one sentence.",
        "ko": "질문으로 이해하지 못했습니다. 한 문장으로 질문해 주세요.",
    },
    "error.not_ready": {
        "en": "I'm still starting up. Try again in a minute (request id `{request_id}`).",
        "ko": "아직 시작하는 중입니다. 잠시 후 다시 시도하세요(요청 ID `{request_id}`).",
    },
    "error.internal": {
        "en": "Something went wrong on my side and I couldn't answer. Please try again; if it "
        "keeps happening, tell the Berth admins request id `{request_id}`.",
        "ko": "내부 오류로 답하지 못했습니다. 다시 시도해 주세요. 계속되면 Berth 관리자에게 "
        "요청 ID `{request_id}`를 알려 주세요.",
    },
}


def t(key: str, language: Language, **values: Any) -> str:
    """The string for `key` in `language`, with `{placeholders}` filled."""
    text = STRINGS[key][language]
    return text.format(**values) if values else text


def badge(status: VerdictStatus, language: Language) -> str:
    return t(f"badge.{status}", language)


FEEDBACK_REASONS: tuple[str, ...] = ("wrong", "outdated", "missing_source")
