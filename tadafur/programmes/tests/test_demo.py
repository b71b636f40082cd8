import pytest

from tadafur.core import demo, registry
from tadafur.programmes.models import Programme, Project

pytestmark = pytest.mark.django_db


def test_demo_loads_settat_pac_once(monkeypatch):
    monkeypatch.setattr(demo, "DEMO_STEPS", [*demo.DEMO_STEPS, "tadafur.programmes.demo"])
    demo.demo_load(log=lambda message: None)
    pac = Programme.objects.get(collectivity__code=demo.SETTAT)
    assert (pac.kind, pac.start_year, pac.end_year, pac.phase) == ("pac", 2022, 2027, "execution")
    assert pac.votes_for == 31 and pac.adoption_session.year == 2023 and pac.adopted_at.year == 2023
    assert pac.axes.count() == 3 and pac.workshops.count() == 1 and pac.diagnosis_notes
    projects = Project.objects.filter(axis__programme=pac)
    assert projects.count() == 12
    assert set(projects.values_list("status", flat=True)) == {"planned", "in_progress", "done", "dropped"}
    again = demo.demo_load(log=lambda message: None)
    assert Programme.objects.count() == 1 and projects.count() == 12 and again.created == 0


def test_the_module_lists_an_open_consultation(in_consultation, settat):
    from freezegun import freeze_time

    module = registry.get("programmes")
    with freeze_time("2022-11-15"):
        items = module.open_items(settat)
    assert len(items) == 1 and items[0][1].endswith(f"/programmes/{in_consultation.pk}/consultation/")
    assert "2022-11-30" in items[0][0]
    with freeze_time("2022-12-01"):
        assert module.open_items(settat) == []
