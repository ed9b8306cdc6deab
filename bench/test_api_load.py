"""`make bench` entry for bench/api_load.py: prints the load figures and checks the two things
that are not timings: no request failed, and the server's memory did not grow in the soak."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

# Allocator and SQLite page-cache warm-up can add a few MB; a leak of even 2 KB a request would
# add ~20 MB over the 10,000-request soak.
MAX_SOAK_GROWTH_MB = 15.0


def _load_api_load():  # type: ignore[no-untyped-def]
    path = Path(__file__).with_name("api_load.py")
    spec = importlib.util.spec_from_file_location("berth_bench_api_load", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file loads
    spec.loader.exec_module(module)
    return module


@pytest.mark.benchmark
def test_api_load() -> None:
    result = _load_api_load().main([])
    for phase in result["phases"]:
        assert phase["errors"] == 0, phase
    rss = result["rss_mb"]
    assert rss["after_soak"] - rss["before_soak"] < MAX_SOAK_GROWTH_MB, rss
