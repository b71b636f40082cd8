"""The module's open dataset (tadafur.opendata.registry): every reviewed application of every
call whose results are published. No personal data: the applicant is an association (a legal
person named in the public registry); no representative, reviewer, comment or participant."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _


def rows() -> Iterator[list[Any]]:
    from tadafur.cocreation import selectors
    from tadafur.cocreation.models import Call

    for call in Call.objects.filter(status="results_published").select_related("collectivity").order_by("pk"):
        yield from selectors.open_data_rows(call)


def register() -> None:
    from tadafur.opendata.registry import Column, register_dataset

    register_dataset(
        "cocreation.projects",
        label=_("Co-creation calls: applications, selection and follow-up"),
        columns=[
            Column("call_id", _("Id of the call."), "integer"),
            Column("call_title", _("Title of the call.")),
            Column("collectivity_code", _("HCP code of the collectivity that runs the call.")),
            Column("application_number", _("Receipt number of the application.")),
            Column("association", _("Name of the applicant association (public registry).")),
            Column("project_title", _("Title of the project.")),
            Column("status", _("selected or not_selected.")),
            Column("women_led", _("1 if the association declared it is chaired by a woman."), "integer"),
            Column("youth_led", _("1 if the association declared a bureau mostly under 35."), "integer"),
            Column("requested_mad", _("Amount requested from the call, in dirhams."), "number"),
            Column("cofinanced_mad", _("Co-financing brought by the association and partners, in dirhams."), "number"),
            Column("combined_score", _("Mark out of 100: mean of the reviewers' weighted marks."), "number"),
            Column("amount_awarded_mad", _("Amount awarded, in dirhams."), "number"),
            Column("agreement_status", _("active or completed, for a selected project with an agreement.")),
            Column("milestones_done", _("Milestones of the agreement done so far."), "integer"),
            Column("milestones", _("Milestones of the agreement."), "integer"),
        ],
        rows=rows,
        module="cocreation",
    )
