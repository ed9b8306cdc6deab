"""Runtime lifecycles (`corpus/compat/runtimes.yaml`): which versions of .NET exist, their
channel and their end of support, so "the current LTS" is computed from data and a date, never
written into a sentence that goes stale by itself."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from assistant.compat.schema import NamedRow, Strict

Channel = Literal["LTS", "STS", "component-of-windows"]


class RuntimeVersion(Strict):
    version: str = Field(pattern=r"^\d+(\.\d+)*$")
    channel: Channel
    released: date | None = None
    end: date | None = None
    """End of support; None: follows something else (the Windows lifecycle for .NET Framework)."""

    def label(self, runtime_name: str) -> str:
        """ ".NET 10" for 10.0: the name people use."""
        short = self.version[:-2] if self.version.endswith(".0") else self.version
        return f"{runtime_name} {short}"

    def supported(self, today: date) -> bool:
        started = self.released is None or self.released <= today
        return started and (self.end is None or today < self.end)


class Runtime(NamedRow):
    versions: list[RuntimeVersion] = Field(min_length=1)

    @model_validator(mode="after")
    def _versions_unique(self) -> Runtime:
        seen = [v.version for v in self.versions]
        if len(seen) != len(set(seen)):
            raise ValueError("a version is listed twice")
        return self

    def current_lts(self, today: date | None) -> RuntimeVersion | None:
        """The highest LTS version supported on `today`; with no date (text indexed at ingest,
        which must not depend on the clock), the highest LTS version released at all."""
        lts = [v for v in self.versions if v.channel == "LTS"]
        if today is not None:
            lts = [v for v in lts if v.supported(today)]
        return max(lts, key=lambda v: tuple(int(p) for p in v.version.split(".")), default=None)

    def version(self, version: str) -> RuntimeVersion | None:
        return next((v for v in self.versions if v.version == version), None)
