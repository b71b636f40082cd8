"""Background work of the comments app: telling an author that moderation hid their comment."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from tadafur.core.tasks import send_email_task, task


@task()
def comment_hidden_notify(comment_id: int) -> int:
    """Tell the author, in their language, by email (or SMS when they have no email address)."""
    from tadafur.accounts.sms import send_sms
    from tadafur.comments.models import Comment

    comment = Comment.objects.select_related("author").filter(pk=comment_id).first()
    if comment is None or not comment.is_hidden:
        return 0
    author = comment.author
    language = author.preferred_language or "ar"
    with translation.override(language):
        reason = comment.get_hidden_reason_display()
        subject = _("Your comment was hidden by moderation")
        body = _(
            "Your comment of %(date)s was hidden by the moderators of the collectivity.\n"
            "Reason: %(reason)s\n%(note)s\n\nYour comment:\n%(text)s"
        ) % {
            "date": comment.created_at.date().isoformat(),
            "reason": reason,
            "note": comment.hidden_note,
            "text": comment.text,
        }
        short = _("Tadafur: your comment was hidden by moderation. Reason: %(reason)s") % {"reason": reason}
    if author.email:
        return send_email_task.call(author.email, subject, body, language)
    if author.phone and author.phone_verified:
        send_sms(author.phone, short)
        return 1
    return 0
