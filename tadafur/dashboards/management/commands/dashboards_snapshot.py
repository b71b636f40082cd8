"""Record today's progress and spend of every action-programme project and funded budget project.

    manage.py dashboards_snapshot

The modules write a dated snapshot whenever a project's progress or money executed is saved;
this command catches changes made without saving the projects one by one (bulk updates,
imports) and records the first state of projects that existed before snapshots were kept. Run it
once a day from cron; a run that finds nothing changed writes nothing
(docs/decisions/0722-execution-history-snapshots.md).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tadafur.budgets import indicators as budgets
from tadafur.programmes import indicators as programmes


class Command(BaseCommand):
    help = "Record today's progress and spend of the programmes' and participatory budgets' projects."

    def handle(self, *args: Any, **options: Any) -> None:
        projects = programmes.snapshot_all()
        executions = budgets.snapshot_all()
        self.stdout.write(f"dashboards_snapshot: {projects} programme projects, {executions} funded projects recorded")
