"""Every page and every API operation is classified as public or behind a login, by hand, here.

A new route or operation without an entry fails `test_every_route_is_classified` /
`test_every_api_operation_is_classified`: whoever adds an endpoint decides who may reach it. What
a logged-in person may then do is each module's permission check, covered by the role × collectivity
× action matrix (tadafur/accounts/tests/test_role_matrix.py). The anonymous probes below check the
classification: nothing behind a login answers an anonymous visitor with content.

Django's admin (staff only, its own login) is left to Django and checked once.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# Anyone may read these (objects that are not public answer 404 inside the view).
PUBLIC_PAGES = {
    "account_complete_password_reset",
    "account_inactive",
    "account_login",
    "account_logout",
    "account_password_reset_completed",
    "account_request_login_code",
    "account_reset_password",
    "account_signup",
    "associations:detail",
    "associations:list",
    "bodies:calendar",
    "bodies:detail",
    "bodies:list",
    "bodies:meeting",
    "bodies:meeting_calendar",
    "bodies:minutes_pdf",
    "bodies:opinion",
    "budgets:cycle",
    "budgets:follow_up",
    "budgets:list",
    "budgets:proposal",
    "budgets:results",
    "budgets:results_csv",
    "budgets:results_json",
    "budgets:results_pb",
    "cocreation:call",
    "cocreation:figures",
    "cocreation:list",
    "cocreation:open_data",
    "cocreation:photo",
    "cocreation:project",
    "council:calendar",
    "council:list",
    "council:minutes_pdf",
    "council:session",
    "council:session_calendar",
    "dashboards:compare",
    "dashboards:compare_csv",
    "dashboards:national",
    "dashboards:representativeness_csv",
    "dashboards:scope",
    "dashboards:scope_csv",
    "dashboards:trend",
    "dashboards:trend_csv",
    "feedback:collectivity",
    "feedback:detail",
    "feedback:list",
    "healthz",
    "home",
    "inforequests:collectivity",
    "inforequests:collectivity_csv",
    "inforequests:detail",
    "inforequests:register",
    "inforequests:register_csv",
    "news:detail",
    "news:feed",
    "news:list",
    "notifications:unsubscribe",
    "opendata:budget_pb",
    "opendata:csv",
    "opendata:dictionary_csv",
    "opendata:index",
    "opendata:json",
    "petitions:detail",
    "petitions:dossier",
    "petitions:filing_receipt",
    "petitions:list",
    "petitions:receipt",
    "petitions:rules",
    "petitions:sign",
    "privacy",
    "programmes:consultation",
    "programmes:detail",
    "programmes:diagnosis",
    "programmes:list",
    "programmes:project",
    "programmes:report",
    "programmes:report_pdf",
    "reach:for_object",
    "reach:index",
    "reach:poster",
    "reach:status",
    "set_language",
    "steering:detail",
    "steering:list",
    "steering:meeting",
    "steering:pack",
    "steering:recommendation",
    "territories:detail",
    "territories:search",
}

# An anonymous visitor is sent to the login page.
LOGIN_PAGES = {
    "account_change_password",
    "account_change_phone",
    "account_confirm_login_code",
    "account_confirm_password_reset_code",
    "account_confirm_reauthentication_code",
    "account_email",
    "account_email_verification_sent",
    "account_reauthenticate",
    "account_request_reauthentication_code",
    "account_set_password",
    "account_verify_phone",
    "accounts:activity",
    "accounts:activity_document",
    "accounts:activity_queue",
    "accounts:audit",
    "accounts:close",
    "accounts:data_export",
    "accounts:help_desk",
    "accounts:profile",
    "accounts:profile_edit",
    "accounts:role_revoke",
    "accounts:roles",
    "accounts:roll",
    "accounts:verify",
    "associations:branch_add",
    "associations:edit",
    "associations:register",
    "associations:reject",
    "associations:review",
    "associations:verify",
    "bodies:agenda_add",
    "bodies:attendance",
    "bodies:cancel",
    "bodies:create",
    "bodies:decision_add",
    "bodies:followup_add",
    "bodies:followup_update",
    "bodies:invite",
    "bodies:manage",
    "bodies:meeting_plan",
    "bodies:member_add",
    "bodies:minutes",
    "bodies:opinion_adopt",
    "bodies:opinion_answer",
    "bodies:opinion_draft",
    "bodies:referral_create",
    "budgets:codes",
    "budgets:compute",
    "budgets:cycle_create",
    "budgets:desk",
    "budgets:execution",
    "budgets:gender_review",
    "budgets:merge",
    "budgets:milestone_done",
    "budgets:propose",
    "budgets:review",
    "budgets:vote",
    "cocreation:agreement_complete",
    "cocreation:agreement_create",
    "cocreation:answer",
    "cocreation:application",
    "cocreation:apply",
    "cocreation:ask",
    "cocreation:assign",
    "cocreation:assignment",
    "cocreation:attachment",
    "cocreation:attachment_add",
    "cocreation:budget_add",
    "cocreation:budget_remove",
    "cocreation:create",
    "cocreation:criterion_add",
    "cocreation:declare",
    "cocreation:indicator_add",
    "cocreation:indicator_remove",
    "cocreation:manage",
    "cocreation:meeting",
    "cocreation:meeting_hold",
    "cocreation:meeting_minutes",
    "cocreation:meeting_plan",
    "cocreation:milestone_add",
    "cocreation:milestone_done",
    "cocreation:mine",
    "cocreation:publish",
    "cocreation:receipt",
    "cocreation:report",
    "cocreation:report_schedule",
    "cocreation:results",
    "cocreation:review",
    "cocreation:score",
    "cocreation:select",
    "cocreation:submit",
    "cocreation:tranche_pay",
    "cocreation:withdraw",
    "comments:flag",
    "comments:hide",
    "comments:keep",
    "comments:post",
    "comments:queue",
    "comments:restore",
    "council:cancel",
    "council:hold",
    "council:minutes",
    "council:outcome",
    "council:plan",
    "council:point_add",
    "council:prepare",
    "council:publish",
    "council:seats",
    "feedback:acknowledge",
    "feedback:assign",
    "feedback:file",
    "feedback:mine",
    "feedback:reopen",
    "feedback:resolve",
    "inforequests:acknowledge",
    "inforequests:answer",
    "inforequests:desk",
    "inforequests:extend",
    "inforequests:file",
    "inforequests:mine",
    "inforequests:refuse",
    "inforequests:withdraw",
    "mfa_activate_totp",
    "mfa_authenticate",
    "mfa_deactivate_totp",
    "mfa_download_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_index",
    "mfa_reauthenticate",
    "mfa_view_recovery_codes",
    "news:create",
    "news:publish",
    "news:unpublish",
    "notifications:follow",
    "notifications:follow_remove",
    "notifications:inbox",
    "notifications:mark_read",
    "notifications:preferences",
    "notifications:unfollow",
    "petitions:council_action",
    "petitions:council_dossier",
    "petitions:create",
    "petitions:file",
    "petitions:inbox",
    "petitions:invalidate",
    "petitions:paper_line_delete",
    "petitions:paper_sheet",
    "petitions:paper_sheet_reconcile",
    "petitions:paper_sheet_reject",
    "petitions:paper_sheet_scan",
    "petitions:paper_sheets",
    "petitions:publish",
    "petitions:send_back",
    "petitions:signature_list_csv",
    "petitions:signature_withdraw",
    "petitions:withdraw",
    "programmes:adopt",
    "programmes:advance",
    "programmes:axis_add",
    "programmes:change",
    "programmes:comment",
    "programmes:evaluation",
    "programmes:indicator_update",
    "programmes:project_add",
    "programmes:project_progress",
    "programmes:rank",
    "programmes:window",
    "programmes:workshop",
    "programmes:workshop_photo",
    "reach:desk",
    "reach:desk_stop",
    "steering:agenda_add",
    "steering:attendance",
    "steering:cancel",
    "steering:create",
    "steering:decision_add",
    "steering:invite",
    "steering:manage",
    "steering:meeting_plan",
    "steering:member_add",
    "steering:member_end",
    "steering:minutes",
    "steering:prepare",
    "steering:recommendation_add",
    "steering:recommendation_note",
    "steering:recommendation_status",
}

# Public reads of the API.
PUBLIC_API = {
    "GET /api/v1/associations",
    "GET /api/v1/associations/{association_id}",
    "GET /api/v1/bodies/",
    "GET /api/v1/bodies/opinions/{opinion_id}",
    "GET /api/v1/bodies/{body_id}",
    "GET /api/v1/bodies/{body_id}/meetings",
    "GET /api/v1/budgets/{cycle_id}",
    "GET /api/v1/budgets/{cycle_id}/follow-up",
    "GET /api/v1/budgets/{cycle_id}/results",
    "GET /api/v1/cocreation/calls",
    "GET /api/v1/cocreation/calls/{call_id}",
    "GET /api/v1/cocreation/collectivities/{code}/figures",
    "GET /api/v1/comments/on/{label}/{pk}",
    "GET /api/v1/council/sessions",
    "GET /api/v1/council/sessions/{session_id}",
    "GET /api/v1/dashboards/indicators",
    "GET /api/v1/dashboards/territories/{code}",
    "GET /api/v1/dashboards/territories/{code}/children",
    "GET /api/v1/feedback/",
    "GET /api/v1/feedback/{report_id}",
    "GET /api/v1/information-requests/",
    "GET /api/v1/information-requests/{request_id}",
    "GET /api/v1/news/",
    "GET /api/v1/news/{item_id}",
    "GET /api/v1/open-data/datasets",
    "GET /api/v1/open-data/datasets/{key}",
    "GET /api/v1/petition-rules/national",
    "GET /api/v1/petition-rules/{territory_code}",
    "GET /api/v1/petitions/",
    "GET /api/v1/petitions/{petition_id}",
    "GET /api/v1/petitions/{petition_id}/log",
    "GET /api/v1/programmes/",
    "GET /api/v1/programmes/{programme_id}",
    "GET /api/v1/s/{code}",
    "GET /api/v1/steering/committees",
    "GET /api/v1/steering/committees/{committee_id}",
    "GET /api/v1/steering/committees/{committee_id}/meetings",
    "GET /api/v1/steering/committees/{committee_id}/recommendations",
    "GET /api/v1/steering/recommendations/{recommendation_id}",
    "GET /api/v1/territories/search",
    "GET /api/v1/territories/{code}",
}

# Writes and personal reads: a session is required (401 without).
SESSION_API = {
    "DELETE /api/v1/notifications/follows/{follow_id}",
    "GET /api/v1/comments/moderation/{collectivity_code}",
    "GET /api/v1/notifications/follows",
    "GET /api/v1/notifications/inbox",
    "GET /api/v1/notifications/preferences",
    "POST /api/v1/bodies/",
    "POST /api/v1/bodies/followups/{item_id}/progress",
    "POST /api/v1/bodies/opinions/{opinion_id}/adopt",
    "POST /api/v1/bodies/opinions/{opinion_id}/answer",
    "POST /api/v1/bodies/opinions/{opinion_id}/followups",
    "POST /api/v1/bodies/{body_id}/members",
    "POST /api/v1/bodies/{body_id}/opinions",
    "POST /api/v1/bodies/{body_id}/referrals",
    "POST /api/v1/budgets/{cycle_id}/ballots",
    "POST /api/v1/cocreation/calls/{call_id}/questions",
    "POST /api/v1/comments/on/{label}/{pk}",
    "POST /api/v1/comments/{comment_id}/flag",
    "POST /api/v1/comments/{comment_id}/hide",
    "POST /api/v1/comments/{comment_id}/restore",
    "POST /api/v1/council/points/{point_id}/outcome",
    "POST /api/v1/feedback/",
    "POST /api/v1/feedback/{report_id}/acknowledge",
    "POST /api/v1/feedback/{report_id}/assign",
    "POST /api/v1/feedback/{report_id}/photo",
    "POST /api/v1/feedback/{report_id}/reopen",
    "POST /api/v1/feedback/{report_id}/resolve",
    "POST /api/v1/information-requests/",
    "POST /api/v1/information-requests/{request_id}/acknowledge",
    "POST /api/v1/information-requests/{request_id}/answer",
    "POST /api/v1/information-requests/{request_id}/extend",
    "POST /api/v1/information-requests/{request_id}/refuse",
    "POST /api/v1/news/",
    "POST /api/v1/news/{item_id}/publish",
    "POST /api/v1/news/{item_id}/unpublish",
    "POST /api/v1/notifications/follows",
    "POST /api/v1/notifications/inbox/read",
    "POST /api/v1/petitions/{petition_id}/signatures",
    "POST /api/v1/programmes/",
    "POST /api/v1/programmes/axes/{axis_id}/projects",
    "POST /api/v1/programmes/indicators/{indicator_id}",
    "POST /api/v1/programmes/projects/{project_id}/progress",
    "POST /api/v1/programmes/{programme_id}/axes",
    "POST /api/v1/programmes/{programme_id}/comments",
    "POST /api/v1/programmes/{programme_id}/phase",
    "POST /api/v1/programmes/{programme_id}/ranking",
    "POST /api/v1/programmes/{programme_id}/workshops",
    "POST /api/v1/steering/recommendations/{recommendation_id}/notes",
    "POST /api/v1/steering/recommendations/{recommendation_id}/notes/with-evidence",
    "POST /api/v1/steering/recommendations/{recommendation_id}/status",
    "PUT /api/v1/notifications/preferences",
}


def _routes(patterns=None, prefix: str = "", namespace: str | None = None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace)
        else:
            yield namespace, pattern.name, prefix + str(pattern.pattern)


def _page_routes() -> dict[str, str]:
    """route key ("petitions:detail") -> a path with placeholder arguments, in Arabic."""
    out = {}
    for namespace, name, route in _routes():
        if namespace in ("admin", "api") or "admin/" in route:
            continue
        key = f"{namespace}:{name}" if namespace else (name or route)
        path = "/" + re.sub(r"<(str|slug|path):\w+>", "x", re.sub(r"<int:\w+>", "1", route))
        out[key] = path
    return out


def _api_operations() -> list[str]:
    from tadafur.api.api import api

    paths = api.get_openapi_schema()["paths"]
    return [f"{method.upper()} {path}" for path, operations in paths.items() for method in operations]


def test_every_route_is_classified():
    routes = set(_page_routes())
    assert routes - PUBLIC_PAGES - LOGIN_PAGES == set(), "new routes: add each to PUBLIC_PAGES or LOGIN_PAGES"
    assert (PUBLIC_PAGES | LOGIN_PAGES) - routes == set(), "routes that no longer exist"
    assert not PUBLIC_PAGES & LOGIN_PAGES


def test_every_api_operation_is_classified():
    operations = set(_api_operations())
    assert operations - PUBLIC_API - SESSION_API == set(), "new operations: add each to PUBLIC_API or SESSION_API"
    assert (PUBLIC_API | SESSION_API) - operations == set(), "operations that no longer exist"


def test_anonymous_visitors_are_sent_to_log_in_from_every_login_page():
    client = Client()
    paths = _page_routes()
    leaks = []
    for key in sorted(LOGIN_PAGES):
        response = client.get(paths[key])
        if response.status_code == 405:
            response = client.post(paths[key])
        if not (response.status_code == 302 and "/accounts/login/" in response["Location"]):
            leaks.append(f"{key} {paths[key]} -> {response.status_code}")
    assert not leaks, "\n".join(leaks)


def test_api_writes_and_personal_reads_need_a_session():
    client = Client()
    open_doors = []
    for operation in sorted(SESSION_API):
        method, path = operation.split(" ", 1)
        response = getattr(client, method.lower())(re.sub(r"\{\w+\}", "1", path), content_type="application/json")
        if response.status_code != 401:
            open_doors.append(f"{operation} -> {response.status_code}")
    assert not open_doors, "\n".join(open_doors)


def test_the_admin_is_behind_its_own_login():
    response = Client().get("/ar/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
