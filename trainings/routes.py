"""The ways into a training (entry routes) as the search shows them: « VAE »,
« apprentissage », « Parcoursup » and « formation continue » lead somewhere useful.

Facts: VAE needs no minimum length of experience and counts paid work, placements and
volunteering (vae.gouv.fr, FAQ); Parcoursup is the national platform for courses after the
baccalauréat (parcoursup.gouv.fr)."""

from dataclasses import dataclass

from django.urls import reverse

from .models import Modality


@dataclass
class EntryRoute:
    name: str
    other_names: tuple
    summary: str
    modality: str = ""  # the « Où se former » filter, when offers say so
    official_url: str = ""
    official_label: str = ""

    def get_absolute_url(self):
        url = reverse("trainings:offer_list")
        return f"{url}?modalite={self.modality}" if self.modality else url

    @property
    def is_public(self):
        return True


ROUTES = (
    EntryRoute(
        name="Apprentissage",
        other_names=("alternance", "apprenti", "contrat d'apprentissage", "CFA"),
        summary="Se former en étant salarié d'un employeur, avec un centre de formation "
        "d'apprentis (CFA) : la formation est payée et l'apprenti reçoit un salaire.",
        modality=Modality.APPRENTICESHIP,
    ),
    EntryRoute(
        name="Formation continue",
        other_names=("reconversion", "reprise d'études", "adulte", "salarié"),
        summary="Pour les adultes qui reprennent une formation : les formations ouvertes en "
        "formation continue, et les aides qui peuvent la financer.",
        modality=Modality.CONTINUING,
    ),
    EntryRoute(
        name="Validation des acquis de l'expérience (VAE)",
        other_names=("VAE", "validation des acquis"),
        summary="Obtenir tout ou partie d'un diplôme grâce à son expérience (travail, stages, "
        "bénévolat), sans durée minimale d'expérience.",
        modality=Modality.VAE,
        official_url="https://vae.gouv.fr/",
        official_label="France VAE, le service public de la VAE",
    ),
    EntryRoute(
        name="Parcoursup",
        other_names=("parcours sup", "après le bac", "admission post-bac"),
        summary="La plateforme nationale où l'on candidate aux formations après le bac. Les "
        "dates changent chaque année : elles sont publiées sur Parcoursup.",
        official_url="https://www.parcoursup.gouv.fr/",
        official_label="Parcoursup, le site officiel",
    ),
)


def entry_routes():
    return ROUTES
