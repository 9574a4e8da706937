from django.http import HttpResponse
from django.views.generic import TemplateView


class HomeView(TemplateView):
    template_name = "careers_site/home.html"
    extra_context = {"is_home": True}


class SearchView(TemplateView):
    template_name = "careers_site/search.html"


class AccessibilityView(TemplateView):
    template_name = "careers_site/accessibility.html"


class LegalNoticeView(TemplateView):
    template_name = "careers_site/legal.html"


class PrivacyView(TemplateView):
    template_name = "careers_site/privacy.html"


class SiteMapView(TemplateView):
    template_name = "careers_site/site_map.html"


def robots_txt(request):
    return HttpResponse("User-agent: *\nAllow: /\n", content_type="text/plain")


def page_not_found(request, exception):
    from django.views.defaults import page_not_found as default

    return default(request, exception, template_name="404.html")


def server_error(request):
    from django.views.defaults import server_error as default

    return default(request, template_name="500.html")
