"""place: does the platform (or the best member of a family), the host, or "anywhere" run
this container OS? Queries are built directly, so a failure names this rule."""

from __future__ import annotations

from assistant.compat import CompatQuery
from assistant.compat.reason import Ctx, place


def test_a_platform_row_that_says_no_is_a_no_with_its_reason(ctx: Ctx) -> None:
    found = place.check(ctx, CompatQuery(platform="cloud-run"), "windows")
    assert found.status == "no"
    assert "Linux 64-bit" in found.reasons[0].en
    assert found.facts == ["platform.cloud-run"]


def test_a_family_answers_with_its_best_member_and_names_the_excluded(ctx: Ctx) -> None:
    found = place.check(ctx, CompatQuery(platform="gke"), "windows")
    assert found.status == "conditional"
    assert found.conditions[0].en == "Use GKE Standard, not GKE Autopilot."
    assert any("Autopilot does not offer Windows" in r.en for r in found.reasons)
    assert {"platform.gke-standard", "platform.gke-autopilot"} <= set(found.facts)


def test_a_family_member_is_chosen_by_the_host_it_installs_on(ctx: Ctx) -> None:
    found = place.check(ctx, CompatQuery(platform="docker-desktop", host_os="macos"), "windows")
    assert found.status == "no"
    assert found.facts == ["platform.docker-desktop-mac"]


def test_a_generic_windows_host_fits_docker_desktop_for_windows(ctx: Ctx) -> None:
    query = CompatQuery(platform="docker-desktop-windows", host_os="windows")
    found = place.check(ctx, query, "windows")
    assert found.status == "conditional"
    assert found.facts == ["platform.docker-desktop-windows"]


def test_linux_containers_need_linux_nodes(ctx: Ctx) -> None:
    found = place.check(ctx, CompatQuery(platform="aks-standard", host_os="ws2022"), "linux")
    assert found.status == "no"
    assert "need Linux nodes" in found.reasons[0].en


def test_a_platform_the_tables_lack_is_unknown_never_guessed(ctx: Ctx) -> None:
    found = place.check(ctx, CompatQuery(unknown_platforms=["Nomad"]), "windows")
    assert found.status == "unknown"
    assert "Nomad is not in Berth's compatibility tables" in found.missing[0].en


def test_a_platform_row_that_does_not_say_is_unknown(ctx: Ctx) -> None:
    found = place.check(ctx, CompatQuery(platform="app-runner"), "linux")
    assert (found.status, found.facts) == ("unknown", ["platform.app-runner"])


def test_windows_containers_anywhere_need_a_windows_host_as_a_reason_not_a_condition(
    ctx: Ctx,
) -> None:
    found = place.check(ctx, CompatQuery(), "windows")
    assert found.status == "yes"
    assert found.conditions == []
    assert found.facts == ["host.windows"]


def test_a_place_the_tables_lack_is_unknown_even_with_a_known_host(ctx: Ctx) -> None:
    """The host's verdict is not the answer for a platform the tables cannot place."""
    query = CompatQuery(host_os="ws2022", image_os="ws2022", unknown_platforms=["Hetzner"])
    found = place.check(ctx, query, "windows")
    assert found.status == "unknown"
    assert "Hetzner" in found.missing[0].en
