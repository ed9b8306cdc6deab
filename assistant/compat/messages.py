"""The message keys the code uses, as one literal type: `corpus/compat/messages.yaml` holds the
texts, this names the keys.

Checked on three sides, so neither side can drift: mypy rejects a key the code uses that is not
here (every `msg(ctx, key)` takes a `MessageKey`); loading the tables rejects a yaml that lacks
one of these keys or has one that is not here; and a test rejects a key here that no code uses.
Keys that used to be built at run time (`f"cap_{capability}"`) are spelled out in the maps below,
so a grep for a key finds where it is used.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

from assistant.compat.schema import Capability, OsName, Status

MessageKey = Literal[
    # words and joins
    "list_or",
    "list_sep",
    "group_sep",
    "os_linux",
    "os_windows",
    "status_yes",
    "status_no",
    "status_conditional",
    "status_unknown",
    "cap_dotnet-framework",
    "cap_iis",
    "cap_powershell",
    "cap_wow64",
    "cap_gpu",
    "cap_dotnet",
    "pair",
    "host_group",
    # generated row summaries
    "matrix_summary",
    # workloads and images
    "workload_os_unknown",
    "workload_os_no",
    "workload_no_facts",
    "image_os_mismatch",
    "image_version_missing",
    "image_none_for_host",
    "image_version_ok",
    "image_lacks_capability",
    "image_capability_unknown",
    "alt_base_images",
    "image_version_is_windows",
    "isolation_windows_only",
    # architectures
    "arch_not_offered",
    "arch_unknown",
    # platforms
    "platform_os_unknown",
    "platform_os_no",
    "platform_runs_on",
    "use_member",
    "alt_member",
    "alt_platform",
    "alt_platform_detail",
    "linux_needs_linux_nodes",
    "platform_lacks_host",
    "host_unconfirmed",
    "host_retired",
    "isolation_unknown",
    "isolation_not_offered",
    "platform_not_in_tables",
    "host_offered_before",
    "platform_needs_update",
    "feature_required",
    "alt_update_to_install",
    "alt_newer_host_offer",
    "platform_image_too_large",
    "alt_smaller_image",
    "image_size_not_in_tables",
    "nothing_to_check",
    # Windows versions
    "version_match",
    "version_match_strict",
    "version_rule",
    "use_hosts",
    "hyperv_only",
    "process_only",
    "matrix_ok",
    "matrix_no_any",
    "matrix_mode_no",
    "matrix_hyperv_not_offered",
    "matrix_missing",
    "strict_mismatch",
    "hosts_for_image",
    "alt_rebuild",
    "alt_hosts",
    "alt_hyperv",
    "needs_windows_host",
    # editions
    "edition_no_default",
    "edition_container_limit",
    # reading the whole question (features.py, reading/describe.py)
    "feature_not_in_tables",
    "unplaced_words",
    "versions_not_in_tables",
    "feature_needs_version",
    "feature_upgrade",
    "host_offered_from",
    "platform_os_from",
    "hyperv_ruled_out",
    "alt_install_hyperv",
    "host_update_needed",
    "alt_host_update",
    "conflicting_names",
    "feature_place_missing",
    "passage_contradicts",
    "reading_lead",
    "reading_on",
    "reading_host",
    "reading_image",
    "reading_features",
    "reading_excluded",
    "reading_hypothetical",
    "reading_context",
    "reading_unplaced",
    "reading_versions",
    "reading_conflicts",
    "reading_count",
    "reading_size",
    "reading_anything",
    # what a row rests on and how old it is (resolve.py, dating.py, annotate.py)
    "preview_note",
    "sources_conflict",
    "lifecycle_line",
    "lifecycle_ends",
    "lifecycle_ended",
    "lifecycle_until",
    "phase_mainstream",
    "phase_extended",
    "phase_support",
    "runtime_no_lts",
    "basis_maintainer",
    "basis_release_notes",
    "basis_inferred",
    "basis_seed",
    "basis_third_party",
    "stale_row",
]

MESSAGE_KEYS: Final[frozenset[str]] = frozenset(get_args(MessageKey))

OS_KEY: Final[dict[OsName, MessageKey]] = {"linux": "os_linux", "windows": "os_windows"}
STATUS_KEY: Final[dict[Status, MessageKey]] = {
    "yes": "status_yes",
    "no": "status_no",
    "conditional": "status_conditional",
    "unknown": "status_unknown",
}
CAPABILITY_KEY: Final[dict[Capability, MessageKey]] = {
    "dotnet-framework": "cap_dotnet-framework",
    "iis": "cap_iis",
    "powershell": "cap_powershell",
    "wow64": "cap_wow64",
    "gpu": "cap_gpu",
    "dotnet": "cap_dotnet",
}
