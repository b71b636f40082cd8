import pytest

from tadafur.core.states import allowed_targets
from tadafur.news.rules import pick_language
from tadafur.news.states import NEWS_TRANSITIONS, NewsStatus


@pytest.mark.parametrize(
    ("available", "requested", "shown"),
    [
        ({"ar": "خبر", "fr": "Actualité", "zgh": "ⴰⵏⵖⵎⵉⵙ"}, "zgh", "zgh"),  # requested
        ({"ar": "خبر", "fr": "Actualité"}, "en", "ar"),  # then Arabic
        ({"fr": "Actualité", "en": "News"}, "zgh", "fr"),  # then French
        ({"zgh": "ⴰⵏⵖⵎⵉⵙ", "en": "News"}, "ar", "zgh"),  # then any written one
        ({"en": "News", "ar": "  "}, "fr", "en"),  # blank is not written
        ({}, "fr", ""),
    ],
)
def test_language_fallback_order(available, requested, shown):
    assert pick_language(available, requested) == shown


@pytest.mark.parametrize("current", NewsStatus.values)
@pytest.mark.parametrize("target", NewsStatus.values)
def test_every_move_of_the_table(current, target):
    allowed = {("draft", "published"), ("published", "unpublished"), ("unpublished", "published")}
    assert (target in allowed_targets(NEWS_TRANSITIONS, current)) is ((current, target) in allowed)
