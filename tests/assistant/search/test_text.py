import pytest

from assistant.search.text import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Can I run my .NET Framework app on GKE?", "en"),
        ("GKE에서 .NET Framework 앱을 실행할 수 있나요?", "ko"),
        ("그럼 Container Apps는요?", "ko"),
        ("Windows Server(Docker CE/Moby 또는 containerd)에서 Linux 컨테이너 지원하나요?", "ko"),
        ("What is ltsc2019 (10.0.17763)?", "en"),
        ("", "en"),
    ],
)
def test_language_follows_the_asker(text: str, language: str) -> None:
    assert detect_language(text) == language
