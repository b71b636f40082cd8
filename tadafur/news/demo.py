"""Demo: Settat's news in several languages (one in French only, to show the fallback), a news
item of its equality body, and an open call for participation with a picture.

Idempotent: if Settat already has news, nothing is added.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from tadafur.core import clock
from tadafur.core.demo import SETTAT
from tadafur.news import services
from tadafur.news.models import NewsItem


def _picture() -> Any:
    from PIL import Image

    from tadafur.core.uploads import clean_image

    raw = io.BytesIO()
    Image.new("RGB", (800, 450), (22, 101, 52)).save(raw, format="PNG")
    raw.seek(0)
    raw.name = "call.png"
    return clean_image(raw)


def load(ctx: Any) -> None:
    settat = ctx.communes[SETTAT]
    if NewsItem.objects.filter(collectivity=settat).exists():
        ctx.count(False)
        return
    admin = ctx.people.get("admin")
    from tadafur.bodies.selectors import bodies_of

    body = bodies_of(settat).first()
    services.news_create(
        collectivity=settat,
        kind="news",
        titles={
            "ar": "افتتاح المكتبة الجماعية بحي السلام",
            "fr": "Ouverture de la bibliothèque communale du quartier Essalam",
            "zgh": "ⴰⵔⵣⵣⵓⵎ ⵏ ⵜⵙⴷⵍⵉⵙⵜ ⵏ ⵜⴳⵎⵎⴰ",
        },
        texts={
            "ar": "تفتح المكتبة الجماعية أبوابها كل يوم من التاسعة صباحا إلى السابعة مساء، والدخول مجاني.",
            "fr": "La bibliothèque communale ouvre tous les jours de 9 h à 19 h ; l'entrée est gratuite.",
            "zgh": "ⵜⵙⴷⵍⵉⵙⵜ ⵜⵕⵥⵎ ⴽⵓ ⴰⵙⵙ.",
        },
        publish=True,
        actor=admin,
    )
    services.news_create(
        collectivity=settat,
        kind="news",
        titles={"fr": "Coupure d'eau programmée mardi matin au centre-ville"},
        texts={"fr": "Des travaux sur le réseau imposent une coupure de 8 h à 12 h mardi prochain."},
        publish=True,
        actor=admin,
    )
    services.news_create(
        collectivity=settat,
        kind="call",
        titles={
            "ar": "نداء للمشاركة: اقترحوا مشاريع الميزانية التشاركية",
            "fr": "Appel à participation : proposez vos projets pour le budget participatif",
        },
        texts={
            "ar": "يمكن لكل مواطنة ومواطن تقديم مقترح مشروع على المنصة أو بشباك الجماعة.",
            "fr": "Chaque citoyenne et chaque citoyen peut proposer un projet sur la plateforme ou au guichet.",
        },
        deadline=clock.today() + dt.timedelta(days=30),
        image=_picture(),
        publish=True,
        actor=admin,
    )
    if body is not None:
        services.news_create(
            collectivity=settat,
            body=body,
            kind="news",
            titles={"ar": "هيئة المساواة تعقد لقاء تشاوريا مع جمعيات الأحياء"},
            texts={"ar": "عقدت الهيئة لقاء تشاوريا حول حاجيات النساء والشباب في الأحياء الناقصة التجهيز."},
            publish=True,
            actor=admin,
        )
    ctx.count(True)
