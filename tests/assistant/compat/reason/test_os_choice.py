"""os_choice: which container OS a query can mean, built from slots, not from English."""

from __future__ import annotations

from assistant.compat import CompatQuery
from assistant.compat.reason import Ctx, os_choice


def test_a_named_container_os_is_the_only_option(ctx: Ctx) -> None:
    assert os_choice.options(ctx, CompatQuery(container_os="windows", base_image="alpine")) == [
        "windows"
    ]


def test_an_image_version_or_isolation_means_windows(ctx: Ctx) -> None:
    assert os_choice.options(ctx, CompatQuery(image_os="ws2019")) == ["windows"]
    assert os_choice.options(ctx, CompatQuery(isolation="hyperv")) == ["windows"]


def test_a_base_image_narrows_to_its_os(ctx: Ctx) -> None:
    assert os_choice.options(ctx, CompatQuery(base_image="alpine")) == ["linux"]
    assert os_choice.options(ctx, CompatQuery(base_image="dotnet-images")) == ["linux", "windows"]


def test_nothing_narrowing_checks_both_linux_first(ctx: Ctx) -> None:
    assert os_choice.options(ctx, CompatQuery(workload="nginx")) == ["linux", "windows"]


def test_contradictory_slots_check_both_so_the_subject_can_say_why(ctx: Ctx) -> None:
    query = CompatQuery(base_image="alpine", image_os="ws2022")
    assert os_choice.options(ctx, query) == ["linux", "windows"]


def test_platform_nodes_run_the_hosts_os(ctx: Ctx) -> None:
    assert os_choice.options(ctx, CompatQuery(platform="aks", host_os="linux")) == ["linux"]
    assert os_choice.options(ctx, CompatQuery(platform="aks", host_os="ws2022")) == ["windows"]


def test_a_host_alone_has_a_native_os(ctx: Ctx) -> None:
    assert os_choice.native(ctx, CompatQuery(host_os="ws2022")) == "windows"
    assert os_choice.native(ctx, CompatQuery(host_os="linux")) == "linux"
    assert os_choice.native(ctx, CompatQuery(host_os="macos")) is None
    assert os_choice.native(ctx, CompatQuery(host_os="ws2022", platform="aks")) is None
