"""What a scenario step expects, compared with what the bot answered."""

from typing import Any

from conversations.messages import Outbound, OutboundKind
from conversations.testing import loose


def _norm(text: str) -> str:
    # Agents type plain spaces and any case; the bot may use no-break spaces (amounts) and
    # invisible direction isolates around numbers in Arabic.
    return loose(text)


def _as_list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _texts(replies: list[Outbound]) -> str:
    return "\n".join(r.text or r.caption or "" for r in replies)


def _labels(replies: list[Outbound]) -> list[str]:
    return [c.label for r in replies for c in r.all_choices]


def _files(replies: list[Outbound], kind: OutboundKind) -> list[str]:
    return [" ".join(filter(None, (r.filename, r.caption, r.meta.get("kind")))) for r in replies if r.kind is kind]


def _has_file(replies: list[Outbound], kind: OutboundKind, wanted: Any) -> bool:
    files = _files(replies, kind)
    if wanted is True or str(wanted).casefold() == "any":
        return bool(files)
    return any(_norm(str(wanted)) in _norm(f) for f in files)


def problems(expect: dict[str, Any], replies: list[Outbound]) -> list[str]:
    """One readable line per expectation that the replies do not meet."""
    found: list[str] = []
    said, labels = _norm(_texts(replies)), [_norm(label) for label in _labels(replies)]
    links = [_norm(c.label) for r in replies for c in r.all_choices if c.url]
    for wanted in _as_list(expect.get("text", [])) if "text" in expect else []:
        if _norm(wanted) not in said:
            found.append(f"a text containing {wanted!r}")
    for unwanted in _as_list(expect["not_text"]) if "not_text" in expect else []:
        if _norm(unwanted) in said:
            found.append(f"no text containing {unwanted!r}")
    for wanted in _as_list(expect["choices"]) if "choices" in expect else []:
        if _norm(wanted) not in labels:
            found.append(f"a button {wanted!r}")
    for unwanted in _as_list(expect["not_choices"]) if "not_choices" in expect else []:
        if _norm(unwanted) in labels:
            found.append(f"no button {unwanted!r}")
    for wanted in _as_list(expect["link"]) if "link" in expect else []:
        if _norm(wanted) not in links:
            found.append(f"a link button {wanted!r}")
    if "document" in expect and not _has_file(replies, OutboundKind.DOCUMENT, expect["document"]):
        found.append(f"a document {expect['document']!r}")
    if "image" in expect and not _has_file(replies, OutboundKind.IMAGE, expect["image"]):
        found.append(f"an image {expect['image']!r}")
    if "secret" in expect and any(r.secret_input for r in replies) != bool(expect["secret"]):
        found.append("a secret prompt" if expect["secret"] else "no secret prompt")
    deleted = any(r.kind is OutboundKind.DELETE_USER_MESSAGE for r in replies)
    if "deleted" in expect and deleted != bool(expect["deleted"]):
        found.append("the user's message deleted" if expect["deleted"] else "the user's message kept")
    if expect.get("nothing") and replies:
        found.append("no answer")
    return found


def describe(replies: list[Outbound]) -> list[str]:
    """The bot's answer, as a support agent reads it in a failure report."""
    lines = []
    for reply in replies:
        if reply.kind is OutboundKind.DELETE_USER_MESSAGE:
            lines.append("[deletes the user's message]")
            continue
        if reply.kind in (OutboundKind.DOCUMENT, OutboundKind.IMAGE):
            lines.append(f"[{reply.kind.value} {reply.filename}] {reply.caption or ''}".rstrip())
            continue
        body = reply.text if len(reply.text) <= 400 else reply.text[:400] + "…"
        lines.append(body + ("  [secret input]" if reply.secret_input else ""))
        for choice in reply.all_choices:
            lines.append(f"  [{choice.label}]" + (f" -> {choice.url}" if choice.url else ""))
    return lines or ["(no answer)"]
