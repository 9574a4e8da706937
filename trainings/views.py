from django.views.generic import ListView

from careers_site.publishing import PublicDetailView

from .models import Diploma, FinancialAid, Institute, TrainingOffer


class OfferListView(ListView):
    template_name = "trainings/offer_list.html"

    def get_queryset(self):
        return TrainingOffer.objects.published()


class DiplomaListView(ListView):
    template_name = "trainings/diploma_list.html"

    def get_queryset(self):
        return Diploma.objects.published()


class DiplomaDetailView(PublicDetailView):
    model = Diploma
    template_name = "trainings/diploma_detail.html"


class InstituteListView(ListView):
    template_name = "trainings/institute_list.html"

    def get_queryset(self):
        return Institute.objects.published()


class InstituteDetailView(PublicDetailView):
    model = Institute
    template_name = "trainings/institute_detail.html"


class AidListView(ListView):
    template_name = "trainings/aid_list.html"

    def get_queryset(self):
        return FinancialAid.objects.published()


class AidDetailView(PublicDetailView):
    model = FinancialAid
    template_name = "trainings/aid_detail.html"
