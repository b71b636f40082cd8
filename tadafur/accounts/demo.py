"""The persona cast (SPEC §2) as demo accounts. Idempotent: people are looked up by email.

Staff personas get a TOTP authenticator with the FIXED demo secret DEMO_TOTP_SECRET, so that
demo logins work: add it to any authenticator app (or compute a code with `oathtool --totp -b
DEMO_TOTP_SECRET`). Never use a fixed secret outside the demo.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from tadafur.accounts.models import IdentityLevel, RoleAssignment, Sex, User, VerificationMethod
from tadafur.accounts.roles import STAFF_ROLES, Role
from tadafur.core import clock
from tadafur.core.demo import OULAD_SAID, SETTAT

DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
SETTAT_PROVINCE = "06.461"


@dataclass(frozen=True)
class Persona:
    key: str
    label: str
    email: str
    display_name: str
    first_name: str
    last_name: str
    sex: str
    birth_year: int
    residence: str
    role: str | None = None
    role_in: str | None = None
    phone: str = ""
    verified: str = ""  # "roll" | "in_person" | ""
    login_by_phone: bool = False


CAST = [
    Persona(
        "amina",
        "Amina (citizen, Settat)",
        "amina@demo.tadafur.ma",
        "أمينة",
        "Amina",
        "El Idrissi",
        Sex.WOMAN,
        1992,
        SETTAT,
        verified=VerificationMethod.ROLL,
    ),
    Persona(
        "youssef",
        "Youssef (citizen, Oulad Said, phone login)",
        "",
        "يوسف",
        "Youssef",
        "Bennani",
        Sex.MAN,
        2004,
        OULAD_SAID,
        phone="+212612345678",
        verified=VerificationMethod.IN_PERSON,
        login_by_phone=True,
    ),
    Persona(
        "khadija",
        "Khadija (association representative)",
        "khadija@demo.tadafur.ma",
        "خديجة",
        "Khadija",
        "Alaoui",
        Sex.WOMAN,
        1980,
        SETTAT,
        role=Role.ASSOCIATION_REPRESENTATIVE,
        role_in=SETTAT,
        verified=VerificationMethod.ROLL,
    ),
    Persona(
        "rachid",
        "Rachid (staff agent, Settat)",
        "rachid@demo.tadafur.ma",
        "رشيد",
        "Rachid",
        "Tazi",
        Sex.MAN,
        1985,
        SETTAT,
        role=Role.STAFF_AGENT,
        role_in=SETTAT,
    ),
    Persona(
        "said",
        "Said (council president, Settat)",
        "said@demo.tadafur.ma",
        "سعيد",
        "Said",
        "Berrada",
        Sex.MAN,
        1968,
        SETTAT,
        role=Role.COUNCIL_PRESIDENT,
        role_in=SETTAT,
    ),
    Persona(
        "fatima",
        "Fatima (equality body secretary)",
        "fatima@demo.tadafur.ma",
        "فاطمة",
        "Fatima",
        "Zahra",
        Sex.WOMAN,
        1978,
        SETTAT,
        verified=VerificationMethod.ROLL,
    ),
    Persona(
        "hassan",
        "Hassan (steering committee, Settat province)",
        "hassan@demo.tadafur.ma",
        "حسن",
        "Hassan",
        "Chraibi",
        Sex.MAN,
        1975,
        SETTAT,
        role=Role.STEERING_MEMBER,
        role_in=SETTAT_PROVINCE,
    ),
    Persona(
        "admin",
        "Platform administrator",
        "admin@demo.tadafur.ma",
        "Admin",
        "",
        "",
        "",
        1980,
        SETTAT,
        role=Role.PLATFORM_ADMIN,
    ),
]


def _territory(ctx: Any, code: str) -> Any:
    if code in ctx.communes:
        return ctx.communes[code]
    from tadafur.territories.models import Territory

    return Territory.objects.get(code=code)


def persona_create(p: Persona, *, password: str, ctx: Any = None) -> tuple[User, bool]:
    lookup = {"email": p.email} if p.email else {"phone": p.phone}
    user = User.objects.filter(**lookup).first()
    created = user is None
    residence = _territory(ctx, p.residence) if ctx else _territory_by_code(p.residence)
    if user is None:
        user = User(
            username=f"demo-{p.key}",
            email=p.email,
            phone=p.phone,
            phone_verified=bool(p.phone),
            display_name=p.display_name,
            first_name=p.first_name,
            last_name=p.last_name,
            sex=p.sex,
            birth_year=p.birth_year,
            residence=residence,
            preferred_language="ar",
            notify_sms=bool(p.phone),
            notify_email=bool(p.email),
        )
        user.set_password(password)
        if p.role == Role.PLATFORM_ADMIN:
            user.is_staff = user.is_superuser = True
        if p.verified:
            user.identity_level = IdentityLevel.RESIDENT_VERIFIED
            user.resident_of = residence
            user.resident_method = p.verified
            user.resident_verified_at = clock.now()
        user.save()
        if p.email:
            EmailAddress.objects.create(user=user, email=p.email, primary=True, verified=True)
    if p.role:
        collectivity = (
            None
            if p.role == Role.PLATFORM_ADMIN
            else (_territory(ctx, p.role_in) if ctx else _territory_by_code(p.role_in or ""))
        )
        RoleAssignment.objects.get_or_create(
            user=user, role=p.role, collectivity=collectivity, body_type="", body_id=0, revoked_at=None
        )
        if p.role in STAFF_ROLES and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
    return user, created


def _territory_by_code(code: str) -> Any:
    from tadafur.territories.models import Territory

    return Territory.objects.get(code=code)


def load(ctx: Any) -> None:
    for p in CAST:
        user, created = persona_create(p, password=ctx.password, ctx=ctx)
        ctx.people[p.key] = user
        ctx.logins.append((p.label, p.email or p.phone))
        ctx.count(created)
