"""Reading settings from the environment.

Every setting comes from an environment variable. For development, secrets that must stay
stable between runs (the Django secret key, the keyed-hash key, the field encryption key) are
generated once into `.local/secrets.json`, which git ignores. In production they must be set
in the environment (`TADAFUR_REQUIRE_SECRETS=1` makes a missing one an error).
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


_GENERATORS = {
    "SECRET_KEY": lambda: secrets.token_urlsafe(50),
    "PII_HASH_KEY": lambda: secrets.token_urlsafe(32),
    # A Fernet key: 32 url-safe base64-encoded bytes.
    "FIELD_ENCRYPTION_KEY": lambda: base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
}


def local_secret(name: str, base_dir: Path) -> str:
    """Return the secret `name` from the environment, or from the local development file."""
    value = os.environ.get(name)
    if value:
        return value
    if env_bool("TADAFUR_REQUIRE_SECRETS"):
        raise ImproperlyConfigured(f"{name} must be set in the environment in production.")
    path = base_dir / ".local" / "secrets.json"
    stored: dict[str, str] = {}
    if path.exists():
        stored = json.loads(path.read_text())
    if name not in stored:
        stored[name] = _GENERATORS[name]()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(stored, indent=2))
        tmp.chmod(0o600)
        tmp.replace(path)
    return stored[name]


def email_settings(url: str) -> dict[str, object]:
    """Translate EMAIL_URL (`smtp://user:pass@host:587?tls=1`, `console:`, `locmem:`) to settings."""
    if not url or url.startswith("console:"):
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if url.startswith("locmem:"):
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    parsed = urlparse(url)
    if parsed.scheme not in {"smtp", "smtps"}:
        raise ImproperlyConfigured(f"EMAIL_URL scheme {parsed.scheme!r} is not smtp, smtps, console or locmem.")
    query = parse_qs(parsed.query)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parsed.hostname or "localhost",
        "EMAIL_PORT": parsed.port or (465 if parsed.scheme == "smtps" else 587),
        "EMAIL_HOST_USER": unquote(parsed.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
        "EMAIL_USE_SSL": parsed.scheme == "smtps",
        "EMAIL_USE_TLS": parsed.scheme == "smtp" and query.get("tls", ["1"])[0] == "1",
    }
