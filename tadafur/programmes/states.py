"""The programme's phases as one transition table (decree 2.16.301 and its PDP/PDR twins).

launch decision → diagnosis → priorities → drafting → consultation of citizens and bodies →
adoption by the council → execution (with yearly reports) → evaluated (final evaluation).
The consultation may send the draft back to drafting once the inputs are weighed.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy

from tadafur.core.states import check_table


class Phase(models.TextChoices):
    LAUNCH = "launch", pgettext_lazy("programme phase", "Launch decision")
    DIAGNOSIS = "diagnosis", pgettext_lazy("programme phase", "Diagnosis")
    PRIORITIES = "priorities", pgettext_lazy("programme phase", "Priorities")
    DRAFTING = "drafting", pgettext_lazy("programme phase", "Drafting")
    CONSULTATION = "consultation", pgettext_lazy("programme phase", "Consultation")
    ADOPTED = "adopted", pgettext_lazy("programme phase", "Adopted by the council")
    EXECUTION = "execution", pgettext_lazy("programme phase", "Execution")
    EVALUATED = "evaluated", pgettext_lazy("programme phase", "Evaluated")


PHASE_TABLE: dict[str, set[str]] = {
    Phase.LAUNCH: {Phase.DIAGNOSIS},
    Phase.DIAGNOSIS: {Phase.PRIORITIES},
    Phase.PRIORITIES: {Phase.DRAFTING},
    Phase.DRAFTING: {Phase.CONSULTATION},
    Phase.CONSULTATION: {Phase.DRAFTING, Phase.ADOPTED},
    Phase.ADOPTED: {Phase.EXECUTION},
    Phase.EXECUTION: {Phase.EVALUATED},
    Phase.EVALUATED: set(),
}
check_table(PHASE_TABLE, Phase.values)

# Moves with their own service (they record more than the phase): adoption needs the vote,
# evaluation needs the final evaluation record.
RECORDED_MOVES = frozenset({Phase.ADOPTED, Phase.EVALUATED})
# Once adopted, the programme's content is public and followed up in execution.
PUBLIC_PROGRAMME = frozenset({Phase.ADOPTED, Phase.EXECUTION, Phase.EVALUATED})


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("project status", "Planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("project status", "In progress")
    DONE = "done", pgettext_lazy("project status", "Done")
    DROPPED = "dropped", pgettext_lazy("project status", "Dropped")
