"""subject: can the workload, base image or image version run in this OS at all?"""

from __future__ import annotations

from assistant.compat import CompatQuery
from assistant.compat.reason import Ctx, subject


def test_a_windows_only_workload_is_a_no_on_linux_with_the_rows_alternative(ctx: Ctx) -> None:
    found = subject.check(ctx, CompatQuery(workload="dotnet-framework"), "linux")
    assert found.status == "no"
    assert "only on Windows" in found.reasons[0].en
    assert found.alternatives[0].en.startswith("Port the app to a supported .NET version")
    assert found.facts == ["workload.dotnet-framework"]


def test_the_named_image_must_provide_what_the_workload_needs(ctx: Ctx) -> None:
    found = subject.check(
        ctx, CompatQuery(workload="dotnet-framework", base_image="nanoserver"), "windows"
    )
    assert found.status == "no"
    assert "Nano Server has no .NET Framework" in found.reasons[0].en
    assert "Server Core" in found.alternatives[0].en
    ok = subject.check(
        ctx, CompatQuery(workload="dotnet-framework", base_image="servercore"), "windows"
    )
    assert ok.status == "yes"


def test_a_capability_is_inherited_from_the_image_it_is_based_on(ctx: Ctx) -> None:
    found = subject.check(
        ctx,
        CompatQuery(workload="aspnet-framework", base_image="dotnet-framework-aspnet"),
        "windows",
    )
    assert found.status == "yes"
    assert "image.dotnet-framework-aspnet" in found.facts


def test_an_image_version_is_windows_only(ctx: Ctx) -> None:
    found = subject.check(ctx, CompatQuery(image_os="ws2019"), "linux")
    assert found.status == "no"
    assert "applies only to Windows containers" in found.reasons[0].en


def test_a_linux_image_cannot_be_a_windows_container(ctx: Ctx) -> None:
    found = subject.check(ctx, CompatQuery(base_image="alpine"), "windows")
    assert (found.status, found.facts) == ("no", ["image.alpine"])


def test_an_image_version_the_image_is_not_published_for_is_unknown(ctx: Ctx) -> None:
    # The `Windows Server` image is published for 2022 and 2025 (audit 2026-12), not for 2019.
    found = subject.check(ctx, CompatQuery(base_image="server", image_os="ws2019"), "windows")
    assert found.status == "unknown"
    assert "Windows Server 2019" in found.missing[0].en


def test_a_host_only_feature_is_a_no_on_another_kind_of_host(ctx: Ctx) -> None:
    found = subject.check(ctx, CompatQuery(workload="rootless-docker", host_os="ws2022"), "linux")
    assert found.status == "no"
    assert found.facts == ["workload.rootless-docker", "host.ws2022"]
