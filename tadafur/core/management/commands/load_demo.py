from __future__ import annotations

import logging
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tadafur.core.demo import demo_load


class Command(BaseCommand):
    help = "Load the demo collectivities and persona cast (idempotent: a second run changes nothing)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        # The demo's notifications go to throw-away backends; their INFO lines would only mislead.
        logging.disable(logging.INFO)
        try:
            summary = demo_load(log=lambda line: self.stdout.write(f"  {line}"))
        except LookupError as exc:
            raise CommandError(f"{exc}. Run `manage.py load_territories` first.") from exc
        finally:
            logging.disable(logging.NOTSET)
        self.stdout.write(
            self.style.SUCCESS(
                f"demo data: {summary.created} created, {summary.existing} already there "
                f"in {time.monotonic() - started:.1f}s."
            )
        )
        if summary.logins:
            self.stdout.write(f"Demo logins (password for all: {summary.password}):")
            for who, login in summary.logins:
                self.stdout.write(f"  {who:<46} {login}")
            from tadafur.accounts.demo import DEMO_TOTP_SECRET

            self.stdout.write(
                "Staff logins (Rachid, Said, admin) also ask for a two-factor code: add the demo secret "
                f"{DEMO_TOTP_SECRET} to an authenticator app, or run "
                "`.venv/bin/python manage.py demo_totp` for the current code."
            )
