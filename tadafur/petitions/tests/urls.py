"""The project's URLs plus the petitions pages, until config/urls.py includes them (then a no-op)."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import NoReverseMatch, include, path, reverse

from config import urls as root

urlpatterns = list(root.urlpatterns)
handler404 = root.handler404
handler500 = root.handler500

try:
    reverse("petitions:rules", urlconf=root)
except NoReverseMatch:
    urlpatterns += i18n_patterns(
        path("petitions/", include("tadafur.petitions.urls")), prefix_default_language=True
    )
