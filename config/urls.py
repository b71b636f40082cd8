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
    prefix_default_language=True,
)

handler400 = "tadafur.core.views.bad_request"
handler403 = "tadafur.core.views.permission_denied"
handler404 = "tadafur.core.views.page_not_found"
handler500 = "tadafur.core.views.server_error"

if settings.DEBUG:  # pragma: no cover - development only
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
