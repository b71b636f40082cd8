"""`manage.py pb_outcome PATH.pb --rule mes-add1-greedy [--json] [--gender-floor 0.3]`."""

from __future__ import annotations

import json
import time

from django.core.management.base import BaseCommand, CommandError

from tadafur.budgets.pb import PbFormatError, read_pb
from tadafur.budgets.rules import RULES, RuleNotApplicable, outcome


class Command(BaseCommand):
    help = "Compute a participatory-budgeting outcome from a pabulib .pb file (pabutools' semantics)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--rule", choices=RULES, default="mes-add1-greedy")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--gender-floor", default=None, help="share of the envelope (0..1) for marked projects")

    def handle(self, *args, **options):
        started, started_cpu = time.perf_counter(), time.process_time()
        try:
            instance, profile = read_pb(options["path"])
            result = outcome(instance, profile, options["rule"], gender_floor=options["gender_floor"])
        except FileNotFoundError as error:
            raise CommandError(f"no such file: {options['path']}") from error
        except (PbFormatError, UnicodeDecodeError) as error:
            raise CommandError(f"{options['path']}: not a valid .pb file: {error}") from error
        except (RuleNotApplicable, ValueError) as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - started_cpu  # what the load of a shared machine adds is not in it
        cost = int(result.cost) if result.cost.denominator == 1 else float(result.cost)
        if options["json"]:
            payload = {
                "selected": result.selected,
                "cost": cost,
                "seconds": round(seconds, 6),
                "cpu_seconds": round(cpu_seconds, 6),
            }
            if result.floor_amount is not None:
                payload["gender_floor_met"] = result.floor_met
            self.stdout.write(json.dumps(payload))
            return
        self.stdout.write(f"Rule: {options['rule']}   budget: {instance.budget}   voters: {len(profile)}")
        self.stdout.write(f"{'#':>3}  {'project':<12} {'cost':>14}  name")
        for rank, pid in enumerate(result.selected, 1):
            project = instance.projects[pid]
            self.stdout.write(f"{rank:>3}  {pid:<12} {str(project.cost):>14}  {project.name}")
        self.stdout.write(f"Total cost: {cost}   ({seconds:.3f} s)")
