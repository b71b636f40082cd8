"""The discussion under a petition, through HTTP like a user: POST forms, no JavaScript needed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tadafur.comments import services
from tadafur.comments.models import Comment, Flag
from tadafur.comments.states import CommentStatus

pytestmark = pytest.mark.django_db


def comments_url(obj):
    return reverse("comments:post", args=[obj._meta.label_lower, obj.pk])


def test_amina_comments_youssef_replies_and_the_page_shows_both_levels(client, petition, amina, youssef):
    client.force_login(amina)
    page = client.get(petition.get_absolute_url())
    assert b'id="comments"' in page.content and b"Add a comment" in page.content
    response = client.post(comments_url(petition), {"text": "Il faut aussi un trottoir."})
    assert response.status_code == 302 and response["Location"].endswith("#comments")
    top = Comment.objects.get()
    client.force_login(youssef)
    client.post(comments_url(petition), {"text": "Oui, pour les enfants.", "parent": top.pk})
    page = client.get(petition.get_absolute_url()).content.decode()
    assert "Il faut aussi un trottoir." in page and "Oui, pour les enfants." in page
    assert page.count("Verified resident") >= 2
    assert Comment.objects.get(parent=top).author == youssef


def test_an_unverified_person_sees_why_and_no_form(client, petition, email_only):
    client.force_login(email_only)
    page = client.get(petition.get_absolute_url()).content.decode()
    assert "Only verified people can comment" in page and "Add a comment" not in page
    response = client.post(comments_url(petition), {"text": "Spam"}, follow=True)
    assert not Comment.objects.exists()
    assert "Only verified people can comment" in response.content.decode()


def test_anonymous_visitors_read_but_must_log_in_to_post(client, petition, amina):
    services.comment_post(target=petition, text="Visible par tous", actor=amina)
    assert "Visible par tous" in client.get(petition.get_absolute_url()).content.decode()
    response = client.post(comments_url(petition), {"text": "x"})
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_flag_then_rachid_hides_from_the_queue_and_the_page_says_why(client, petition, amina, youssef, rachid, settat):
    comment = services.comment_post(target=petition, text="Le voisin X habite au 12, tel 0611223344", actor=amina)
    client.force_login(youssef)
    client.post(reverse("comments:flag", args=[comment.pk]), {"reason": "personal_data", "note": "numéro"})
    assert Flag.objects.filter(comment=comment, flagged_by=youssef).exists()

    client.force_login(rachid)
    queue = client.get(reverse("comments:queue", args=[settat.code]))
    assert queue.status_code == 200 and "Flagged comments waiting for a decision: 1" in queue.content.decode()
    response = client.post(
        reverse("comments:hide", args=[comment.pk]),
        {"reason": "personal_data", "note": "Donnée personnelle d'un tiers.", "next": queue.request["PATH_INFO"]},
    )
    assert response.status_code == 302 and response["Location"] == queue.request["PATH_INFO"]
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN

    client.logout()
    page = client.get(petition.get_absolute_url()).content.decode()
    assert "Hidden by moderation: Personal data of someone else" in page
    assert "0611223344" not in page


def test_the_queue_is_for_the_collectivitys_staff_only(client, settat, amina, said):
    for person in (amina, said):
        client.force_login(person)
        assert client.get(reverse("comments:queue", args=[settat.code])).status_code == 403


def test_next_never_leaves_the_site(client, petition, amina, rachid):
    comment = services.comment_post(target=petition, text="texte", actor=amina)
    client.force_login(rachid)
    response = client.post(
        reverse("comments:hide", args=[comment.pk]), {"reason": "spam", "note": "pub", "next": "//evil.example/"}
    )
    assert response["Location"].startswith(petition.get_absolute_url())


def test_proposal_and_project_pages_carry_the_discussion(client, proposal, project, amina):
    client.force_login(amina)
    for obj in (proposal, project):
        page = client.get(obj.get_absolute_url())
        assert page.status_code == 200 and b'id="comments"' in page.content


def test_rachid_moderates_from_the_page_too_and_finds_the_queue(client, petition, amina, rachid, settat):
    comment = services.comment_post(target=petition, text="Pub : achetez ici", actor=amina)
    client.force_login(rachid)
    page = client.get(petition.get_absolute_url()).content.decode()
    assert reverse("comments:queue", args=[settat.code]) in page
    assert f'id="id_hide{comment.pk}_reason"' in page
    client.post(reverse("comments:hide", args=[comment.pk]), {"reason": "spam", "note": "Publicité."})
    comment.refresh_from_db()
    assert comment.is_hidden
    client.force_login(amina)
    assert reverse("comments:queue", args=[settat.code]) not in client.get(petition.get_absolute_url()).content.decode()
