import pytest

from tadafur.comments.models import Comment, Flag
from tadafur.comments.states import CommentStatus
from tadafur.core import demo

pytestmark = pytest.mark.django_db

STEPS = [
    "tadafur.accounts.demo",
    "tadafur.associations.demo",
    "tadafur.petitions.demo",
    "tadafur.programmes.demo",
    "tadafur.comments.demo",
]


def test_demo_has_a_thread_a_flagged_and_a_hidden_comment_once(monkeypatch):
    monkeypatch.setattr(demo, "DEMO_STEPS", STEPS)
    demo.demo_load(log=lambda message: None)
    hidden = Comment.objects.get(status=CommentStatus.HIDDEN)
    assert hidden.hidden_reason == "personal_data" and hidden.hidden_by.email == "rachid@demo.tadafur.ma"
    assert Flag.objects.filter(resolved_at__isnull=True).count() == 1
    assert Comment.objects.filter(parent__isnull=False).count() == 1
    count = Comment.objects.count()
    demo.demo_load(log=lambda message: None)
    assert Comment.objects.count() == count
