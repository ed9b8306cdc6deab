"""A stated image size decides where a platform caps the image it accepts (platforms.yaml
`max_image_gb`), and makes the answer honest where the tables do not know the cap. Generated
from every capped platform, over and within the cap, English and Korean, several units."""

from __future__ import annotations

from assistant.compat import CompatEngine
from assistant.compat.schema import Platform


def _forms(platform: Platform, gb: float) -> list[tuple[str, str]]:
    name, size = platform.name.en, f"{gb:g}"
    return [
        (f"Can {name} use a {size} GB Linux container image?", "en"),
        (f"Our image is {size}GB. Will {name} accept it?", "en"),
        (f"Can I deploy a {gb * 1000:g} MB image to {name}?", "en"),
        (f"{name}에 {size}기가짜리 리눅스 컨테이너 이미지 올릴 수 있어요?", "ko"),
        (f"{name}에 {size}GB 이미지 배포 가능한가요?", "ko"),
    ]


def _capped(engine: CompatEngine) -> list[Platform]:
    return [p for p in engine.tables.platforms.values() if p.max_image_gb is not None]


def test_an_image_over_a_platforms_cap_is_no_and_within_it_is_not(engine: CompatEngine) -> None:
    capped = _capped(engine)
    assert capped, "platforms.yaml caps no platform's image size"
    wrong: list[str] = []
    for platform in capped:
        cap = platform.max_image_gb or 0
        for gb, over in ((cap + 2, True), (cap * 3, True), (cap - 1, False)):
            for question, language in _forms(platform, gb):
                query = engine.understand(question)
                decision = engine.decide(query, language)  # type: ignore[arg-type]
                status = decision.verdict.status if decision else None
                if query.image_size_gb is None or abs(query.image_size_gb - gb) > 0.1:
                    wrong.append(f"{question!r}: size {query.image_size_gb}")
                elif query.container_count is not None or query.unplaced:
                    wrong.append(f"{question!r}: {query.container_count} {query.unplaced}")
                elif over != (status == "no"):
                    wrong.append(f"{question!r}: {status}")
    assert not wrong, "\n".join(wrong)


def test_a_size_on_a_platform_without_a_known_cap_is_not_settled(engine: CompatEngine) -> None:
    uncapped = [
        p
        for p in engine.tables.platforms.values()
        if p.max_image_gb is None and p.os.get("linux") and p.os["linux"].status != "no"
    ]
    assert uncapped
    for platform in uncapped:
        question = f"Can {platform.name.en} run a 25 GB Linux container image?"
        decision = engine.decide(engine.understand(question), "en")
        assert decision is not None and decision.verdict.status == "unknown", question


def test_a_version_is_not_a_size(engine: CompatEngine) -> None:
    assert engine.understand("Can AKS 1.29 run ltsc2022 images?").image_size_gb is None
