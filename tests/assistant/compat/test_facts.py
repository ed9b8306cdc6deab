"""facts: the domain rules the extractor and the reasoner share, stated once."""

from __future__ import annotations

from assistant.compat import CompatEngine, facts


def test_a_platform_id_is_itself_and_a_family_id_its_members(engine: CompatEngine) -> None:
    t = engine.tables
    assert facts.member_ids(t, "gke-standard") == {"gke-standard"}
    assert facts.member_ids(t, "gke") == {"gke-standard", "gke-autopilot"}
    # "openshift" is a platform and a family: as a platform id it is just itself.
    assert facts.member_ids(t, "openshift") == {"openshift"}
    assert len(facts.family_members(t, "openshift")) > 1
    assert facts.members(t, "no-such-thing") == []


def test_a_platform_installs_on_its_hosts_and_generic_hosts_that_include_them(
    engine: CompatEngine,
) -> None:
    t = engine.tables
    desktop = t.platforms["docker-desktop-windows"]
    assert facts.installs_on(t, desktop, "win11")
    assert facts.installs_on(t, desktop, "windows")  # any Windows machine: 10 and 11 included
    assert not facts.installs_on(t, desktop, "macos")
    assert not facts.installs_on(t, desktop, "windows-server")  # servers only: no client
    # A managed platform has no host of its own to install on.
    assert facts.installs_on(t, t.platforms["gke-standard"], "macos")


def test_same_os_family_counts_every_windows_kind_as_windows(engine: CompatEngine) -> None:
    t = engine.tables
    assert facts.same_os_family(t, "ws2022", ["win10", "win11"])
    assert not facts.same_os_family(t, "linux", ["win10", "win11"])


def test_windows_hosts_are_the_specific_versions_and_the_generic_row_stands_for_all(
    engine: CompatEngine,
) -> None:
    t = engine.tables
    hosts = facts.windows_hosts(t)
    assert {"ws2019", "ws2022", "win11"} <= set(hosts)
    assert "windows" not in hosts and "windows-server" not in hosts and "linux" not in hosts
    generic = facts.generic_windows_host(t)
    assert generic is not None and set(generic.group) <= set(hosts)
