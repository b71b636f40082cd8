"""Background work of the reach app: telling a person that the help desk acted for them."""

from __future__ import annotations

from django.utils import formats, translation
from django.utils.translation import gettext as _

from tadafur.core.tasks import send_email_task, task


@task()
def assisted_session_notice(session_id: int) -> int:
    """A receipt to the person, in their language (email, else SMS): who acted for them and when,
    so that a session they did not agree to does not go unnoticed."""
    from django.utils import timezone

    from tadafur.accounts.sms import send_sms
    from tadafur.reach.models import AssistedSession

    session = AssistedSession.objects.select_related("person", "staff", "collectivity").filter(pk=session_id).first()
    if session is None:
        return 0
    person = session.person
    language = person.preferred_language or "ar"
    with translation.override(language):
        text = _(
            "Tadafur: %(staff)s, of the help desk of %(place)s, acted for you on the platform from %(time)s, "
            "with your consent. If you did not agree, tell the collectivity."
        ) % {
            "staff": session.staff.public_name,
            "place": session.collectivity.name,
            "time": formats.date_format(timezone.localtime(session.started_at), "SHORT_DATETIME_FORMAT"),
        }
        subject = _("The help desk acted for you")
    if person.email:
        return send_email_task.call(person.email, subject, text, language)
    if person.phone and person.phone_verified:
        send_sms(person.phone, text)
        return 1
    return 0
