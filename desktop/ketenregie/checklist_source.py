"""The checklist and bridge the app works with: the shipped files, and IT policy's replacement bridge
(BridgeDefinitionFile). A broken replacement never stops the app: the built-in bridge is used and the warning is
shown (conversation mode shows it; `BridgeLoad.warning`)."""
from __future__ import annotations

from ketenregie.config import Policy, load_policy
from ketenregie.domain.checklists import (BRIDGE_RESOURCE, CHECKLIST_RESOURCE, DOCUMENTS_RESOURCE, BridgeLoad,
                                          Checklist, DocumentList, load_bridge_with_fallback, load_checklist,
                                          load_document_list)
from ketenregie.resources import resource_path


def active_checklist() -> Checklist:
    return load_checklist(resource_path(*CHECKLIST_RESOURCE))


def active_bridge(policy: Policy | None = None) -> BridgeLoad:
    policy = policy or load_policy()
    replacement = (policy.get("BridgeDefinitionFile") or "").strip() or None
    return load_bridge_with_fallback(resource_path(*BRIDGE_RESOURCE), replacement)


def active_document_list() -> DocumentList:
    """The shipped "Meenemen / opsturen" list (free items can always be typed besides it)."""
    return load_document_list(resource_path(*DOCUMENTS_RESOURCE))
