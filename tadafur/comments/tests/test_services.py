"""Who may comment, one-level threads, flags, the rate limit, and the moderation flow."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from freezegun import freeze_time

from tadafur.comments import selectors, services
from tadafur.comments.models import AuthorLevel, Comment, Flag
from tadafur.comments.services import RateLimited
from tadafur.comments.states import CommentStatus
from tadafur.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from tadafur.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def post(target, actor, text="Bonne idée, la route est dangereuse la nuit.", **kw):
    return services.comment_post(target=target, text=text, actor=actor, **kw)


def test_a_verified_resident_comments_and_the_comment_shows_her_level(petition, amina, settat):
    comment = post(petition, amina)
    assert comment.author_level == AuthorLevel.RESIDENT
    assert comment.collectivity == settat
    assert AuditEntry.objects.filter(action="comment.post", object_id=str(comment.pk)).exists()


def test_a_confirmed_phone_is_enough_and_is_shown(petition, phone_only):
    assert post(petition, phone_only).author_level == AuthorLevel.PHONE


def test_an_email_only_account_cannot_comment_and_is_told_how_to_get_verified(petition, email_only):
    with pytest.raises(NotAllowed, match="confirm your mobile number"):
        post(petition, email_only)
    assert not Comment.objects.exists()


def test_a_draft_petition_takes_no_comment(amina, settat):
    from tadafur.petitions.tests.helpers import draft

    with pytest.raises(NotAllowed, match="not open"):
        post(draft(amina, settat), amina)


def test_budget_proposals_take_comments_only_while_the_phase_grants_it(proposal, amina):
    post(proposal, amina)
    with freeze_time(proposal.cycle.vote_starts + dt.timedelta(hours=1)):
        with pytest.raises(NotAllowed, match="proposals and review phases"):
            post(proposal, amina)


def test_programme_projects_take_comments(project, youssef):
    assert post(project, youssef).author_level == AuthorLevel.RESIDENT


def test_replies_are_one_level_deep(petition, amina, youssef):
    top = post(petition, amina)
    reply = post(petition, youssef, parent=top, text="Je suis d'accord.")
    with pytest.raises(ValidationFailed, match="not another reply"):
        post(petition, amina, parent=reply, text="Merci")
    threads = selectors.threads(petition)
    assert [t.comment for t in threads] == [top] and threads[0].replies == [reply]


def test_a_reply_must_belong_to_the_same_page(petition, project, amina):
    top = post(petition, amina)
    with pytest.raises(ValidationFailed):
        post(project, amina, parent=top)


def test_empty_and_too_long_comments_are_refused(petition, amina):
    with pytest.raises(ValidationFailed):
        post(petition, amina, text="   ")
    with pytest.raises(ValidationFailed, match="2000"):
        post(petition, amina, text="x" * 2001)


def test_rate_limit_five_comments_per_ten_minutes(petition, amina):
    with freeze_time("2026-03-02 10:00:00"):
        for i in range(5):
            post(petition, amina, text=f"commentaire {i}")
        with pytest.raises(RateLimited, match="10 minutes"):
            post(petition, amina, text="un de trop")
    with freeze_time("2026-03-02 10:10:01"):
        post(petition, amina, text="après la fenêtre")
    assert Comment.objects.filter(author=amina).count() == 6


def test_flags_one_per_person_not_on_ones_own_comment(petition, amina, youssef):
    comment = post(petition, amina)
    services.comment_flag(comment=comment, reason="insult", actor=youssef)
    with pytest.raises(ValidationFailed, match="already flagged"):
        services.comment_flag(comment=comment, reason="spam", actor=youssef)
    with pytest.raises(NotAllowed, match="own comment"):
        services.comment_flag(comment=comment, reason="spam", actor=amina)
    with pytest.raises(ValidationFailed):
        services.comment_flag(comment=comment, reason="no-such-reason", actor=youssef)
    assert Flag.objects.filter(comment=comment).count() == 1


def test_moderation_flow_hide_tells_the_author_and_is_logged(
    petition, amina, youssef, rachid, django_capture_on_commit_callbacks
):
    comment = post(petition, amina)
    services.comment_flag(comment=comment, reason="personal_data", actor=youssef)
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_hide(
            comment=comment, reason="personal_data", note="Le numéro de téléphone d'un voisin.", actor=rachid
        )
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN and comment.hidden_by == rachid and comment.hidden_at
    assert not Flag.objects.filter(comment=comment, resolved_at__isnull=True).exists()
    assert AuditEntry.objects.filter(action="comment.hide", object_id=str(comment.pk), actor=rachid).exists()
    logged = AuditEntry.objects.get(action="comment.hide_reason", object_id=str(comment.pk))
    assert logged.changes["after"]["reason"] == "personal_data"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["amina@demo.tadafur.ma"]
    # Amina reads Arabic (her preferred language): the reason is in the message.
    assert "Le numéro de téléphone" in mail.outbox[0].body
    with pytest.raises(InvalidTransition):
        services.comment_hide(comment=comment, reason="spam", note="encore", actor=rachid)
    services.comment_restore(comment=comment, actor=rachid)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.VISIBLE


def test_a_phone_only_author_is_told_by_sms(
    petition, phone_only, rachid, sms_outbox, django_capture_on_commit_callbacks
):
    comment = post(petition, phone_only)
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_hide(comment=comment, reason="spam", note="Publicité.", actor=rachid)
    assert len(sms_outbox) == 1 and sms_outbox[0].to == "+212600000001"


def test_hiding_needs_a_reason_from_the_list_and_an_explanation(petition, amina, rachid):
    comment = post(petition, amina)
    with pytest.raises(ValidationFailed) as exc:
        services.comment_hide(comment=comment, reason="because", note="", actor=rachid)
    assert set(exc.value.errors) == {"reason", "note"}


def test_only_staff_of_the_collectivity_moderate(petition, amina, said, youssef):
    comment = post(petition, amina)
    for person in (said, youssef):
        with pytest.raises(NotAllowed, match="staff of this collectivity"):
            services.comment_hide(comment=comment, reason="spam", note="x", actor=person)


def test_keeping_a_flagged_comment_closes_its_flags(petition, amina, youssef, rachid, settat):
    comment = post(petition, amina)
    services.comment_flag(comment=comment, reason="off_topic", actor=youssef)
    assert selectors.moderation_queue(settat).first().open_flags == 1
    assert services.comment_keep(comment=comment, actor=rachid) == 1
    assert selectors.moderation_queue(settat).first().open_flags == 0


def test_the_queue_lists_flagged_comments_first(petition, amina, youssef, khadija, settat):
    flagged = post(petition, amina, text="premier")
    post(petition, youssef, text="deuxième")
    post(petition, khadija, text="troisième")
    services.comment_flag(comment=flagged, reason="spam", actor=youssef)
    assert selectors.moderation_queue(settat).first() == flagged


def test_indicators_count_comments_and_the_hidden_share(petition, amina, youssef, rachid, settat):
    from tadafur.core import clock
    from tadafur.core.indicators import indicator

    post(petition, amina)
    hidden = post(petition, youssef, text="spam")
    services.comment_hide(comment=hidden, reason="spam", note="pub", actor=rachid)
    today = clock.today()
    groups = {"settat": [settat.pk], "nowhere": []}
    span = (today - dt.timedelta(days=1), today + dt.timedelta(days=1))
    posted = indicator("comments.posted").compute(groups, *span)
    share = indicator("comments.hidden_share").compute(groups, *span)
    assert posted["settat"].value == 2 and posted["nowhere"].value == 0
    assert share["settat"].value == 0.5 and share["nowhere"].value is None
