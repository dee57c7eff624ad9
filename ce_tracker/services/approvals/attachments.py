"""Files a member attaches to an approval request: typed by their own bytes, renamed safely, limited (R000-02).

The browser's content type and file name are never trusted: the first bytes
decide the type, and the stored name cannot be a path or inject a header.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import Session, select

from ce_tracker.models import ApprovalAttachment, ApprovalRequest, RequestStatus, Role
from ce_tracker.services import audit
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.approvals.shared import own_request, visible_request
from ce_tracker.services.errors import Conflict, Invalid, NotFound
from ce_tracker.services.inputs import is_id

MAX_ATTACHMENTS = 5
# The file types a member may attach, by their first bytes (the browser's claim is never trusted).
FILE_TYPES = ((b"%PDF-", "application/pdf", ".pdf"), (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
              (b"\xff\xd8\xff", "image/jpeg", ".jpg"))


def detect_type(data: bytes) -> tuple[str, str] | None:
    """The content type and extension the file's own first bytes show, or None for anything else."""
    for magic, content_type, extension in FILE_TYPES:
        if data.startswith(magic):
            return content_type, extension
    return None


def safe_filename(name: object, extension: str) -> str:
    """A display name that cannot be a path or a header injection, with the extension its bytes justify."""
    raw = name if isinstance(name, str) else ""
    raw = unicodedata.normalize("NFKC", raw.replace("\\", "/").rsplit("/", 1)[-1])
    stem = raw.rsplit(".", 1)[0] if "." in raw else raw
    stem = re.sub(r"[^A-Za-z0-9._ -]+", "_", stem).strip(" ._-")[:80]
    return f"{stem or 'attachment'}{extension}"


def add_attachment(*, session: Session, actor: Actor, request_id: object, filename: object, data: object,
                   now: datetime, max_bytes: int) -> ApprovalAttachment:
    """Attach an agenda or certificate (PDF, PNG or JPEG, at most ``max_bytes``) to the member's open request."""
    actor.require(Role.MEMBER)
    request = own_request(session, actor, request_id)
    if not isinstance(data, bytes) or not data:
        raise Invalid("Choose a file to attach.", kind="blank", field="file")
    if len(data) > max_bytes:
        raise Invalid(f"The file is larger than {max_bytes // (1024 * 1024)} MB; attach a smaller one.",
                      kind="too_long", field="file")
    detected = detect_type(data)
    if detected is None:
        raise Invalid("Attach a PDF, PNG or JPEG file (an agenda or a certificate).", field="file")
    # Re-check the status and lock the request row: additions to one request are serial, so the limit holds.
    locked = session.execute(update(ApprovalRequest).where(
        ApprovalRequest.id == request.id, ApprovalRequest.status.in_([RequestStatus.PENDING, RequestStatus.RETURNED]))
        .values(status=ApprovalRequest.status))
    if locked.rowcount != 1:
        raise Conflict("Files can be attached only while the request is waiting for a decision.")
    count = session.exec(select(func.count()).select_from(ApprovalAttachment)
                         .where(ApprovalAttachment.request_id == request.id)).one()
    if count >= MAX_ATTACHMENTS:
        raise Conflict(f"A request can have at most {MAX_ATTACHMENTS} files.")
    digest = hashlib.sha256(data).hexdigest()
    if session.exec(select(ApprovalAttachment.id).where(ApprovalAttachment.request_id == request.id,
                                                        ApprovalAttachment.sha256 == digest)).first():
        raise Conflict("This file is already attached.")
    content_type, extension = detected
    attachment = ApprovalAttachment(request_id=request.id, filename=safe_filename(filename, extension),
                                    content_type=content_type, size=len(data), sha256=digest, data=data,
                                    uploaded_at=now)
    session.add(attachment)
    session.flush()
    audit.record(session, actor_id=actor.member_id, action="approval_attachment_added", entity="approval_request",
                 entity_id=request.id, attachment=attachment.id, size=attachment.size, type=content_type)
    return attachment


def attachment_for(*, session: Session, actor: Actor, attachment_id: object) -> ApprovalAttachment:
    """A file for download: only the request's member and reviewers get it; for anyone else it does not exist."""
    attachment = session.get(ApprovalAttachment, attachment_id) if is_id(attachment_id) else None
    if attachment is None:
        raise NotFound("No such file.")
    try:
        visible_request(session, actor, attachment.request_id)
    except NotFound as error:
        raise NotFound("No such file.") from error
    return attachment
