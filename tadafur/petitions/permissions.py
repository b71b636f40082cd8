"""Who may do what with a petition; every answer is a Decision with a reason in plain words.

Council-side actions are registered in the accounts action registry, so the platform's role
matrix (tadafur/accounts/tests/test_role_matrix.py) covers them: recording the bureau's review
and decision (staff agents record it; the president and bureau members decide), and recording
the deliberation (the council president, who chairs the session).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tadafur.accounts import selectors as accounts_selectors
from tadafur.accounts.permissions import register_action, scoped_role_decision
from tadafur.accounts.roles import Role
from tadafur.core.decisions import Decision
from tadafur.petitions.models import LOCAL_KINDS, Petition, PetitionKind, Signature
from tadafur.petitions.states import PetitionState

REVIEW_ROLES = frozenset({Role.STAFF_AGENT, Role.COUNCIL_PRESIDENT, Role.BUREAU_MEMBER})
DECIDE_ROLES = REVIEW_ROLES
DELIBERATE_ROLES = frozenset({Role.COUNCIL_PRESIDENT})


@register_action("petition.review", REVIEW_ROLES, _("See filed petitions and start their review"))
def can_review_in(user: Any, collectivity: Any) -> Decision:
    return scoped_role_decision(
        user,
        collectivity,
        REVIEW_ROLES,
        _("Only the staff, the president and the bureau of this council can handle its petitions."),
    )


@register_action("petition.decide", DECIDE_ROLES, _("Record the bureau's admissibility decision on a petition"))
def can_decide_in(user: Any, collectivity: Any) -> Decision:
    return scoped_role_decision(
        user,
        collectivity,
        DECIDE_ROLES,
        _("Only the staff, the president and the bureau of this council can record its decision on a petition."),
    )


@register_action("petition.deliberate", DELIBERATE_ROLES, _("Record the council's deliberation on a petition"))
def can_deliberate_in(user: Any, collectivity: Any) -> Decision:
    return scoped_role_decision(
        user,
        collectivity,
        DELIBERATE_ROLES,
        _("Only the president of this council can record its deliberation on a petition."),
    )


def _council_check(check: Any, user: Any, petition: Petition) -> Decision:
    if petition.territory_id is None:
        # National instruments are examined by the Head of Government or a House, not a council.
        if accounts_selectors.is_platform_admin(user):
            return Decision.allow()
        return Decision.deny(_("National petitions and motions are examined outside the councils."))
    return check(user, petition.territory)


def can_review(user: Any, petition: Petition) -> Decision:
    return _council_check(can_review_in, user, petition)


def can_decide(user: Any, petition: Petition) -> Decision:
    return _council_check(can_decide_in, user, petition)


def can_deliberate(user: Any, petition: Petition) -> Decision:
    return _council_check(can_deliberate_in, user, petition)


def is_agent(user: Any, petition: Petition) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and petition.agent_id == user.pk


def can_manage(user: Any, petition: Petition) -> Decision:
    """Edit, publish, withdraw and file: the agent (وكيل / mandataire) only."""
    if not getattr(user, "is_authenticated", False):
        return Decision.deny(_("Log in first."))
    if not is_agent(user, petition):
        return Decision.deny(_("Only the petition's agent can do this."))
    return Decision.allow()


def can_file(user: Any, petition: Petition) -> Decision:
    decision = can_manage(user, petition)
    if not decision:
        return decision
    if petition.kind == PetitionKind.LOCAL_ASSOCIATION:
        ok = petition.status == PetitionState.DRAFT
    else:
        ok = petition.status == PetitionState.COLLECTING
    if not ok:
        return Decision.deny(_("This petition cannot be filed in its current state."))
    return Decision.allow()


def resides_in(user: Any, collectivity: Any) -> bool:
    """Is the user's verified commune the collectivity or inside it (its province or region)?"""
    return _resides_in_id(user, getattr(collectivity, "pk", collectivity))


def _resides_in_id(user: Any, collectivity_id: Any) -> bool:
    """The same, by ids: no query when the petition is to the signer's own commune, else one
    narrow query for the commune's parent and grandparent (never the territories' census JSON)."""
    home_id = user.resident_of_id
    if home_id is None or collectivity_id is None:
        return False
    if home_id == collectivity_id:
        return True
    from tadafur.territories.models import Territory

    chain = Territory.objects.filter(pk=home_id).values_list("parent_id", "parent__parent_id").first()
    return chain is not None and collectivity_id in chain


def has_approved_activity_in(user: Any, collectivity_id: Any) -> bool:
    """Has the person an approved activity declaration for a commune that is the collectivity or
    inside it (its province or region)? One narrow EXISTS query (SPEC §3, issue 3 §4)."""
    if collectivity_id is None:
        return False
    from django.db.models import Q

    from tadafur.accounts.models import ActivityDeclaration, DeclarationStatus

    return ActivityDeclaration.objects.filter(
        Q(commune_id=collectivity_id)
        | Q(commune__parent_id=collectivity_id)
        | Q(commune__parent__parent_id=collectivity_id),
        user_id=user.pk,
        status=DeclarationStatus.APPROVED,
    ).exists()


ALREADY_SIGNED = _("You have already signed this petition.")


def can_sign(user: Any, petition: Petition, *, check_signed: bool = True) -> Decision:
    """May this person sign this petition online now? (SPEC §3–4)

    Local petitions: a resident verified in the collectivity (for a province or region, in any
    of its communes), or a verified person whose economic or professional activity in one of its
    communes the staff approved (asked only when the residence check fails). National petitions
    and motions: verified anywhere, plus the signer's attestation of being on the general
    electoral lists, asked on the signing form.

    Reads only the petition's `kind`, `status` and `territory_id` (the names only for a refusal).
    `check_signed=False` leaves "already signed" to the database's unique constraints: the
    signing service does so, inside its transaction, and maps the constraint to the same refusal.
    """
    if petition.kind == PetitionKind.LOCAL_ASSOCIATION:
        return Decision.deny(_("An association's petition does not collect signatures."))
    if petition.status != PetitionState.COLLECTING:
        return Decision.deny(_("This petition is not collecting signatures."))
    if not getattr(user, "is_authenticated", False):
        return Decision.deny(_("Log in to sign."))
    if not user.is_active:
        return Decision.deny(_("This account is closed."))
    if not user.is_resident_verified or user.resident_of_id is None:
        return Decision.deny(
            _(
                "Only verified residents can sign. Verify your residence from your account page or "
                "at your commune's help desk."
            )
        )
    if (
        petition.kind in LOCAL_KINDS
        and not _resides_in_id(user, petition.territory_id)
        # Only when the residence check fails: residents never pay for this query.
        and not has_approved_activity_in(user, petition.territory_id)
    ):
        names = {"place": petition.territory.name, "home": user.resident_of.name}  # type: ignore[union-attr]
        return Decision.deny(
            (
                _("Only residents of %(place)s can sign this petition, and you are verified as a resident of %(home)s.")
                % names
            )
            + " "
            + (
                _(
                    "If you exercise an economic or professional activity in %(place)s, declare it with a "
                    "supporting document from your account page: you can sign once the commune's staff approve it."
                )
                % names
            )
        )
    if check_signed and Signature.objects.filter(petition=petition, user=user).exists():
        return Decision.deny(ALREADY_SIGNED)
    return Decision.allow()


def can_withdraw_signature(user: Any, signature: Signature) -> Decision:
    if not getattr(user, "is_authenticated", False) or signature.user_id != user.pk:
        return Decision.deny(_("Only the signer can withdraw this signature."))
    if signature.status != "valid":
        return Decision.deny(_("This signature is no longer valid."))
    if signature.petition.status != PetitionState.COLLECTING:
        return Decision.deny(_("A signature can only be withdrawn until the petition is filed."))
    return Decision.allow()


# --- Paper signatures and the council copy of the signature list (issue 3 §5, §8) ---------

PAPER_ROLES = frozenset({Role.STAFF_AGENT})
SIGNATURE_LIST_ROLES = frozenset({Role.STAFF_AGENT, Role.COUNCIL_PRESIDENT})
# The council copy exists once the list is handed over, at filing.
LIST_STATES = frozenset(
    {
        PetitionState.FILED,
        PetitionState.UNDER_REVIEW,
        PetitionState.ACCEPTED,
        PetitionState.REJECTED,
        PetitionState.DELIBERATED,
        PetitionState.CLOSED,
    }
)


@register_action("petition.type_paper", PAPER_ROLES, _("Type in the paper signature sheets of a petition"))
def can_type_paper_in(user: Any, collectivity: Any) -> Decision:
    return scoped_role_decision(
        user,
        collectivity,
        PAPER_ROLES,
        _("Only the staff agents of this council can type in paper signature sheets."),
    )


@register_action(
    "petition.signature_list",
    SIGNATURE_LIST_ROLES,
    _("Download the council copy of a petition's signature list (names and CNIE numbers)"),
)
def can_read_signature_list_in(user: Any, collectivity: Any) -> Decision:
    return scoped_role_decision(
        user,
        collectivity,
        SIGNATURE_LIST_ROLES,
        _("Only the staff agents and the president of this council can read the list of signers."),
    )


def can_type_paper(user: Any, petition: Petition) -> Decision:
    """Staff agents of the petition's council type its paper sheets while it collects signatures."""
    if petition.territory_id is None or not petition.needs_signatures:
        return Decision.deny(_("Only citizens' petitions to a council collect paper signatures."))
    decision = can_type_paper_in(user, petition.territory)
    if not decision:
        return decision
    if petition.status != PetitionState.COLLECTING:
        return Decision.deny(_("Paper sheets can only be typed in while the petition collects signatures."))
    return decision


def can_read_signature_list(user: Any, petition: Petition) -> Decision:
    """The council copy (names, CNIE numbers): staff and president of the council, once filed."""
    if petition.territory_id is None or not petition.needs_signatures:
        return Decision.deny(_("This petition has no signature list for a council."))
    decision = can_read_signature_list_in(user, petition.territory)
    if not decision:
        return decision
    if petition.status not in LIST_STATES:
        return Decision.deny(_("The list of signers is handed to the council when the petition is filed."))
    return decision


def within(commune: Any, collectivity: Any) -> bool:
    """Is this commune the collectivity or inside it (its province or region)?"""
    node = commune
    while node is not None:
        if node.pk == collectivity.pk:
            return True
        node = node.parent
    return False
