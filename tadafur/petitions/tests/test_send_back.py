"""The admissibility screen before publication: staff send a petition back to its agent with reasons."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from tadafur.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from tadafur.petitions import services
from tadafur.petitions.states import PetitionState
from tadafur.petitions.tests.helpers import collecting, resident, seed

pytestmark = pytest.mark.django_db


def test_rachid_sends_a_petition_back_and_the_agent_corrects_and_republishes(
    client, settat, rachid, django_capture_on_commit_callbacks
):
    agent = resident(settat, email="agent@example.ma", preferred_language="fr")
    petition = collecting(agent, settat)
    mail.outbox.clear()
    client.force_login(rachid)
    page = client.get(petition.get_absolute_url()).content.decode()
    assert "Send back to the agent before anyone signs" in page
    assert client.post(reverse("petitions:send_back", args=[petition.pk]), {"reasons": ""}).status_code == 302
    petition.refresh_from_db()
    assert petition.status == PetitionState.COLLECTING  # no reasons, nothing changed
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("petitions:send_back", args=[petition.pk]),
            {"reasons": "L'éclairage des routes provinciales relève de la province : précisez la rue communale."},
        )
    petition.refresh_from_db()
    assert petition.status == PetitionState.DRAFT and petition.sent_back_at is not None
    # Told in her own language.
    assert [m.subject for m in mail.outbox if "agent@example.ma" in m.to] == [
        "Votre pétition « Éclairage » vous a été renvoyée"
    ]

    client.force_login(agent)
    page = client.get(petition.get_absolute_url()).content.decode()
    assert "relève de la province" in page and "Check admissibility and publish" in page
    services.petition_publish(petition=petition, actor=agent, within_competences=True, no_inadmissible_ground=True)
    petition.refresh_from_db()
    assert petition.status == PetitionState.COLLECTING


def test_no_send_back_once_someone_signed_nor_by_a_citizen_nor_without_reasons(settat, rachid, amina):
    petition = collecting(resident(settat), settat)
    with pytest.raises(NotAllowed):
        services.petition_send_back(petition=petition, reasons="x", actor=amina)
    with pytest.raises(ValidationFailed):
        services.petition_send_back(petition=petition, reasons="  ", actor=rachid)
    seed(petition, 1)
    with pytest.raises(InvalidTransition, match="already signed"):
        services.petition_send_back(petition=petition, reasons="Hors compétence.", actor=rachid)
    petition.refresh_from_db()
    assert petition.status == PetitionState.COLLECTING
