"""What crosses the compat boundary: the structured query, the evidence and the decision."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from assistant.compat.schema import IsolationMode, OsName
from assistant.models import Verdict


class CompatQuery(BaseModel):
    """A question reduced to table ids. Every field is optional; nothing is guessed."""

    workload: str | None = None
    platform: str | None = None
    """A platform id or a family id (e.g. "gke" covers GKE Standard and GKE Autopilot)."""
    host_os: str | None = None
    image_os: str | None = None
    base_image: str | None = None
    isolation: IsolationMode | None = None
    arch: str | None = None
    edition: str | None = None
    container_os: OsName | None = None
    unknown_platforms: list[str] = Field(default_factory=list)
    """Names that look like platforms but are not in the lexicon."""
    is_compat_question: bool = False
    """A can-I / does-X-run / is-it-supported question (English or Korean)."""
    features: list[str] = Field(default_factory=list)
    """Feature ids (features.yaml) the question asks about: "hostProcess", "gMSA"."""
    unplaced: list[str] = Field(default_factory=list)
    """Content words nothing placed; a verdict must not be given as if they were absent."""
    excluded: list[str] = Field(default_factory=list)
    """Ids the asker ruled out ("not Autopilot", "without Hyper-V")."""
    ruled_out: list[str] = Field(default_factory=list)
    """Feature ids the asker rules out ("without --enable-fips-image"): where the place requires
    one (features.yaml `required`), the answer is no."""
    versions: list[str] = Field(default_factory=list)
    """Versions the asker stated that no row has a bound for ("Kubernetes 1.31", "23H2")."""
    container_count: int | None = None
    """How many containers the asker wants at once ("five Hyper-V containers"), if stated."""
    image_size_gb: float | None = None
    """The image size the asker states ("a 12 GB image"), in GB."""
    conflicts: list[str] = Field(default_factory=list)
    """Names that give one slot two values in the asking clause ("a Linux container" and "a
    Windows .exe"): the tables answer one at a time, so neither may be answered alone."""

    def has_subject(self) -> bool:
        """Something to run: a workload, an image, a Windows image version or a container OS."""
        return any((self.workload, self.base_image, self.image_os, self.container_os))

    def has_place(self) -> bool:
        """Somewhere to run it: a platform, a host, or a named platform the tables lack."""
        return bool(self.platform or self.host_os or self.unknown_platforms)

    def is_empty(self) -> bool:
        return not (
            self.has_subject() or self.has_place() or any((self.isolation, self.arch, self.edition))
        )


class Evidence(BaseModel):
    """One table row the decision used."""

    fact: str = Field(description='Fact id, e.g. "platform.gke-autopilot".')
    source: str = Field(
        description='Repo-relative table path, e.g. "corpus/compat/platforms.yaml".'
    )
    section: str = Field(description="Row id.")
    url: str | None = Field(default=None, description="First source URL of the row.")
    text: str = Field(description="One-sentence summary of the row in the answer language.")
    checked: date | None = Field(default=None, description="When the row was last checked.")


class Decision(BaseModel):
    verdict: Verdict
    evidence: list[Evidence]
