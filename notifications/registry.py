"""What the apps tell notifications at start-up: their subjects and event kinds, and who may receive them.

Notifications names no feature. In ``AppConfig.ready()`` an app registers:

- a **subject** (``register_subject``): something with a page, e.g. a case. It names the page group
  prefix (``case`` → ``case-<id>``), the model, the object permission that guards the page (a
  ``rules`` perm; ``None``: any staff member), the payload key that carries the subject's id, and
  the URL name of the page a notification links to;
- its **event kinds** (``register_event_kind``): a label, the subject and the staff roles that may
  receive them. ``"family.*"`` registers every kind of a family at once; an exact kind wins.

An event reaches, live (routing in permissions.py) and on replay (selectors.py), exactly:

- the users it addresses (its recipients and its ``user-<id>`` groups);
- the page group of its own subject, whose members passed the page's object permission;
- the staff of its district (``district-<id>``) and the city-wide staff (``city``) whose role is one
  of its kind's roles; on replay each such event is checked again with the subject's permission.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.functional import Promise

FAMILY = ".*"


@dataclass(frozen=True)
class Subject:
    prefix: str
    model: str  # "app_label.Model"
    perm: str | None
    payload_key: str
    url_name: str | None = None


@dataclass(frozen=True)
class EventKindSpec:
    kind: str
    label: str | Promise
    subject: Subject
    roles: frozenset[str]


SUBJECTS: dict[str, Subject] = {}
KINDS: dict[str, EventKindSpec] = {}


def register_subject(
    prefix: str, *, model: str, perm: str | None, payload_key: str, url_name: str | None = None
) -> Subject:
    """Declare a subject with a page: its group prefix, model, page permission, payload key and URL name."""
    subject = Subject(prefix=prefix, model=model, perm=perm, payload_key=payload_key, url_name=url_name)
    if SUBJECTS.get(prefix, subject) != subject:
        raise ValueError(f"subject {prefix!r} is already registered differently")
    SUBJECTS[prefix] = subject
    return subject


def register_event_kind(kind: str, *, label: str | Promise, subject: str, roles: Iterable[str]) -> None:
    """Declare an event kind (or ``"family.*"``): its label, its subject and the roles that may receive it."""
    if subject not in SUBJECTS:
        raise ValueError(f"register the subject {subject!r} before the event kinds about it")
    KINDS[kind] = EventKindSpec(kind=kind, label=label, subject=SUBJECTS[subject], roles=frozenset(roles))


def kind_spec(kind: str) -> EventKindSpec | None:
    """Return the registration of an event kind (exact, else its family), or None if nobody registered it."""
    spec = KINDS.get(kind)
    if spec is None and "." in kind:
        spec = KINDS.get(kind.split(".", 1)[0] + FAMILY)
    return spec


def kind_label(kind: str) -> str:
    """Return the display label of an event kind (the kind itself if it is not registered)."""
    spec = kind_spec(kind)
    return str(spec.label) if spec else kind


def kinds_for_role(role: str | None) -> tuple[list[str], list[str], list[str]]:
    """Return what this role may receive: (exact kinds, family prefixes such as ``"family."``, and
    the exact kinds it may not receive although their family is allowed)."""
    exact, families, refused = [], [], []
    for name, spec in KINDS.items():
        if name.endswith(FAMILY):
            if role in spec.roles:
                families.append(name[: -len(FAMILY)] + ".")
        elif role in spec.roles:
            exact.append(name)
        else:
            refused.append(name)
    return exact, families, refused


def subject_id(spec: EventKindSpec, payload: dict | None) -> int | None:
    """Return the id of the event's subject from its payload, if it carries one."""
    value = (payload or {}).get(spec.subject.payload_key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None
