"""Demo comments under a Settat petition and a PAC project: a thread, a flagged comment and a
comment hidden by Rachid with its reason (see tadafur/core/demo.py). Idempotent."""

from __future__ import annotations

from typing import Any

from tadafur.comments import services
from tadafur.comments.models import Comment
from tadafur.core.demo import SETTAT


def _targets(ctx: Any) -> list[Any]:
    from tadafur.petitions.models import Petition
    from tadafur.petitions.states import PUBLIC
    from tadafur.programmes.models import Project

    settat = ctx.communes[SETTAT]
    found: list[Any] = []
    petition = Petition.objects.filter(territory=settat, status__in=PUBLIC).order_by("pk").first()
    if petition is not None:
        found.append(petition)
    project = Project.objects.filter(axis__programme__collectivity=settat).order_by("pk").first()
    if project is not None:
        found.append(project)
    return found


def load(ctx: Any) -> None:
    amina, youssef, khadija, rachid = (ctx.people.get(k) for k in ("amina", "youssef", "khadija", "rachid"))
    if not all((amina, youssef, khadija, rachid)):
        return
    targets = _targets(ctx)
    if not targets:
        return
    first = targets[0]
    if Comment.objects.filter(author=amina).exists():
        ctx.count(False)
        return
    top = services.comment_post(
        target=first,
        text="الطريق مظلمة ليلاً قرب المدرسة، والإنارة ضرورية لسلامة التلاميذ.",
        actor=amina,
    )
    services.comment_post(
        target=first,
        text="Je confirme : même problème à Oulad Said, merci de penser aussi aux douars.",
        parent=top,
        actor=youssef,
    )
    flagged = services.comment_post(
        target=first,
        text="هذا الموضوع لا علاقة له بالإنارة، يجب الحديث عن السوق الأسبوعي.",
        actor=khadija,
    )
    services.comment_flag(comment=flagged, reason="off_topic", actor=amina, note="Hors sujet")
    hidden = services.comment_post(
        target=first,
        text="Appelez le voisin au 06 11 22 33 44, c'est lui le responsable !",
        actor=youssef,
    )
    services.comment_flag(comment=hidden, reason="personal_data", actor=amina)
    services.comment_hide(
        comment=hidden,
        reason="personal_data",
        note="Le commentaire donnait le numéro de téléphone d'un tiers.",
        actor=rachid,
    )
    if len(targets) > 1:
        services.comment_post(
            target=targets[1],
            text="Une maison de la femme avec une crèche, s'il vous plaît.",
            actor=khadija,
        )
    ctx.count(True)
