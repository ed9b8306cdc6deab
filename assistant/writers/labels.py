"""The fixed words of an answer in both languages: verdict headlines and section labels.

The guard checks a writer's text against the same headlines, so they live once, here.
"""

from __future__ import annotations

from assistant.models import Language, VerdictStatus

HEADLINES: dict[Language, dict[VerdictStatus, str]] = {
    "en": {
        "yes": "Yes.",
        "no": "No.",
        "conditional": "Yes, with conditions.",
        "unknown": "Not settled by Berth's compatibility tables.",
    },
    "ko": {
        "yes": "예, 가능합니다.",
        "no": "아니요, 불가능합니다.",
        "conditional": "예, 조건부로 가능합니다.",
        "unknown": "호환성 표만으로는 판단할 수 없습니다.",
    },
}

LABELS: dict[Language, dict[str, str]] = {
    "en": {
        "conditions": "Conditions (all must hold):",
        "alternatives": "Alternatives:",
        "why": "Why:",
        "missing": "What the tables do not settle:",
        "notes": "From the notes:",
        "quoted": "",
        "declined": (
            "I can only answer questions about containers and the platforms that run them "
            "(Linux and Windows containers, base images, Windows version compatibility, "
            "Kubernetes and cloud container services), and I found nothing relevant to this one."
        ),
        "suggest": (
            'Try, for example: "Can I run my .NET Framework app on GKE?" or '
            '"Which base image do I need for IIS?"'
        ),
    },
    "ko": {
        "conditions": "조건 (모두 충족해야 함):",
        "alternatives": "대안:",
        "why": "근거:",
        "missing": "표에서 확인되지 않는 부분:",
        "notes": "참고 문서 내용:",
        # A Korean question answered from an English passage says so in its first line.
        "quoted": "영문 자료 인용:",
        "declined": (
            "이 질문은 제가 답할 수 있는 범위 밖입니다. 저는 컨테이너와 그 실행 플랫폼"
            "(Linux/Windows 컨테이너, 베이스 이미지, Windows 버전 호환성, Kubernetes 및 "
            "클라우드 컨테이너 서비스)에 관한 질문에만 답하며, "
            "이 질문과 관련된 자료를 찾지 못했습니다."
        ),
        "suggest": (
            '예를 들어 이렇게 물어보세요: "GKE에서 .NET Framework 앱을 실행할 수 있나요?", '
            '"IIS에는 어떤 베이스 이미지가 필요한가요?"'
        ),
    },
}
