from django.views.generic import ListView

from careers_site.publishing import PublicDetailView

from .models import Profession


class ProfessionListView(ListView):
    template_name = "professions/profession_list.html"

    def get_queryset(self):
        return Profession.objects.published()


class ProfessionDetailView(PublicDetailView):
    model = Profession
    template_name = "professions/profession_detail.html"
