from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from tadafur.api.api import api
from tadafur.core import views as core_views

urlpatterns = [
    path("api/v1/", api.urls),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Short codes and plain-text status pages: tiny, language-neutral URLs for any phone.
    path("s/", include("tadafur.reach.urls")),
]

urlpatterns += i18n_patterns(
    path("", core_views.home, name="home"),
    path("privacy/", core_views.privacy, name="privacy"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("me/", include("tadafur.accounts.urls")),
    path("territories/", include("tadafur.territories.urls")),
    path("associations/", include("tadafur.associations.urls")),
    path("petitions/", include("tadafur.petitions.urls")),
    path("bodies/", include("tadafur.bodies.urls")),
    path("programmes/", include("tadafur.programmes.urls")),
    path("budgets/", include("tadafur.budgets.urls")),
    path("notifications/", include("tadafur.notifications.urls")),
    path("comments/", include("tadafur.comments.urls")),
    path("council/", include("tadafur.council.urls")),
    path("news/", include("tadafur.news.urls")),
    path("information-requests/", include("tadafur.inforequests.urls")),
    path("feedback/", include("tadafur.feedback.urls")),
    path("steering/", include("tadafur.steering.urls")),
    path("dashboards/", include("tadafur.dashboards.urls")),
    path("open-data/", include("tadafur.opendata.urls")),
    path("cocreation/", include("tadafur.cocreation.urls")),
    prefix_default_language=True,
)

handler400 = "tadafur.core.views.bad_request"
handler403 = "tadafur.core.views.permission_denied"
handler404 = "tadafur.core.views.page_not_found"
handler500 = "tadafur.core.views.server_error"

if settings.DEBUG:  # pragma: no cover - development only
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
