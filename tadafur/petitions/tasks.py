"""Background work of the petitions module: SMS to the agent, news to signers who asked for it."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from tadafur.core.tasks import task

logger = logging.getLogger(__name__)

# What signers who ticked "tell me" hear, per step of the life cycle.
SIGNER_MESSAGES = {
    "filed": (
        _("The petition “%(title)s” you signed is filed"),
        _("The petition “%(title)s” you signed is filed with the council, which must now answer it."),
    ),
    "accepted": (
        _("The petition “%(title)s” you signed is accepted"),
        _("The council accepted the petition “%(title)s” you signed and put it on the agenda of a session."),
    ),
    "rejected": (
        _("The petition “%(title)s” you signed was declared inadmissible"),
        _("The council's bureau declared the petition “%(title)s” inadmissible. The reasons are on its page."),
    ),
    "deliberated": (
        _("The council deliberated on the petition “%(title)s”"),
        _("The council deliberated on the petition “%(title)s” you signed. The outcome is on its page."),
    ),
    "withdrawn": (
        _("The petition “%(title)s” you signed was withdrawn"),
        _("The agent withdrew the petition “%(title)s” you signed."),
    ),
}


@task()
def send_sms_task(to: str, body: str) -> int:
    """Send one SMS (already translated); returns the number of parts sent."""
    from tadafur.accounts.sms import send_sms

    return send_sms(to, body).parts


@task()
def notify_signers_task(petition_id: int, event: str) -> int:
    """Email each valid signer who opted in, one message each, in their language."""
    from tadafur.petitions.models import Petition, Signature
    from tadafur.petitions.states import SignatureStatus

    petition = Petition.objects.filter(pk=petition_id).first()
    if petition is None or event not in SIGNER_MESSAGES:
        return 0
    subject, body = SIGNER_MESSAGES[event]
    signers = (
        Signature.objects.filter(petition=petition, notify=True, status=SignatureStatus.VALID, user__isnull=False)
        .exclude(user__email="")
        .select_related("user")
    )
    sent = 0
    for signature in signers.iterator(chunk_size=500):
        user = signature.user
        language = user.preferred_language or settings.LANGUAGE_CODE  # type: ignore[union-attr]
        with translation.override(language):
            url = settings.SITE_URL.rstrip("/") + reverse("petitions:detail", args=[petition.pk])
            message = EmailMessage(
                subject=str(subject) % {"title": petition.title},
                body=str(body) % {"title": petition.title} + "\n\n" + url,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[user.email],  # type: ignore[union-attr]
                headers={"Content-Language": language},
            )
            sent += message.send()
    logger.info("petition %s: %s news sent to %d signer(s)", petition.pk, event, sent)
    return sent
