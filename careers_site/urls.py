from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog

from careers_site.pages import views
from careers_site.pages.sitemaps import sitemaps
from careers_site.toolkit import qrcodes
from careers_site.toolkit import views as toolkit

handler403 = "careers_site.pages.views.permission_denied"
handler404 = "careers_site.pages.views.page_not_found"
handler500 = "careers_site.pages.views.server_error"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("recherche/", views.SearchView.as_view(), name="search"),
    path("accessibilite/", views.AccessibilityView.as_view(), name="accessibility"),
    path(
        "accessibilite/grille-d-audit/",
        views.AccessibilityGridView.as_view(),
        name="accessibility_grid",
    ),
    path(
        "accessibilite/schema-pluriannuel/",
        views.AccessibilitySchemeView.as_view(),
        name="accessibility_scheme",
    ),
    path(
        "accessibilite/plan-d-action/",
        views.AccessibilityPlanView.as_view(),
        name="accessibility_plan",
    ),
    path("mentions-legales/", views.LegalNoticeView.as_view(), name="legal"),
    path("donnees-personnelles/", views.PrivacyView.as_view(), name="privacy"),
    path("plan-du-site/", views.SiteMapView.as_view(), name="site_map"),
    path("sources-des-donnees/", views.DataSourcesView.as_view(), name="data_sources"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    # Counsellors' toolkit (careers_site/toolkit/views.py): short links, QR codes, posters, sheets.
    re_path(
        r"^(?P<kind>[mcveis])/(?P<code>[^/]{1,80})/?$",
        toolkit.shortlink_redirect,
        name="short_link",
    ),
    path("qr.<slug:fmt>", qrcodes.qr_code, name="qr_code"),
    path("affiche/<str:kind>/<slug:slug>/", toolkit.PosterView.as_view(), name="toolkit_poster"),
    path(
        "demander-une-source/<str:kind>/<slug:slug>/",
        toolkit.SourceRequestView.as_view(),
        name="toolkit_source_request",
    ),
    path(
        "metiers/<slug:slug>/fiche/",
        toolkit.ProfessionSheetView.as_view(),
        name="toolkit_sheet",
    ),
    path("agenda/<slug:slug>/kit-salon/", toolkit.EventKitView.as_view(), name="toolkit_event_kit"),
    path(
        "campagnes/<slug:slug>/kit-salon/",
        toolkit.CampaignKitView.as_view(),
        name="toolkit_campaign_kit",
    ),
    path("metiers/", include("professions.urls")),
    path("est-ce-pour-moi/", include("careers_site.orientation.urls")),
    path("", include("trainings.urls")),
    path("", include("campaigns.urls")),
    # Open data (careers_site/opendata): /api/v1/, /donnees-ouvertes/, /open-data/.
    path("", include("careers_site.opendata.urls")),
    # The rich-text editor's French labels (link dialog…), for the admin's change forms.
    path(
        f"{settings.ADMIN_URL}jsi18n-editeur/",
        admin.site.admin_view(
            JavaScriptCatalog.as_view(packages=["django.contrib.admin", "django_prose_editor"])
        ),
        name="richtext_jsi18n",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
]

# Uploaded images during development only (static() adds nothing when DEBUG is off).
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
