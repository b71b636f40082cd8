import pytest

from tadafur.accounts.models import User
from tadafur.core.demo import demo_load

pytestmark = pytest.mark.django_db


def test_demo_cast_loads_once_and_logs_in(client):
    first = demo_load(log=lambda _: None)
    count = User.objects.count()
    second = demo_load(log=lambda _: None)
    assert User.objects.count() == count
    assert second.created == 0 or second.created < first.created
    youssef = User.objects.get(phone="+212612345678")
    assert youssef.resident_method == "in_person"
    assert ("Youssef (citizen, Oulad Said, phone login)", "+212612345678") in first.logins
    response = client.post("/en/accounts/login/", {"login": "0612345678", "password": first.password})
    assert response.status_code == 302
    assert User.objects.get(email="admin@demo.tadafur.ma").is_superuser
