import re

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import (
    CampaignFactory,
    DiplomaFactory,
    FinancialAidFactory,
    InstituteFactory,
    ProfessionFactory,
    RomeAppellationFactory,
    RomeCodeFactory,
    RomeWorkContextFactory,
    TestimonialFactory,
    TrainingOfferFactory,
    VideoFactory,
)

# The smallest valid GIF: enough for an ImageField that is never resized.
TINY_GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00"
    b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def main(response):
    """The page's main content, without the head, the header and the footer (a non-breaking
    space read as the space it is)."""
    html = response.content.decode().replace("&nbsp;", " ")
    return html[html.index("<main") : html.index("</main>")]


def h1_count(response):
    return len(re.findall(r"<h1[\s>]", response.content.decode()))


def hero_image():
    return SimpleUploadedFile("photo.gif", TINY_GIF, content_type="image/gif")


def full_profession(items=1, **kwargs):
    """A profession with `items` of everything its page shows: diplomas (each taught in
    `items` places), testimonials, videos, aids, campaigns and related jobs."""
    profession = ProfessionFactory(**kwargs)
    profession.interests.add("contact humain", "travail en équipe")
    campaign = CampaignFactory()
    for _ in range(items):
        CampaignFactory().professions.add(profession)
        diploma = DiplomaFactory(professions=[profession])
        for _ in range(items):
            TrainingOfferFactory(diploma=diploma, institute=InstituteFactory())
        video = VideoFactory(campaign=campaign)
        video.professions.add(profession)
        TestimonialFactory(profession=profession, campaign=campaign, video=video)
        aid = FinancialAidFactory()
        aid.professions.add(profession)
        profession.related.add(ProfessionFactory())
        fiche = RomeCodeFactory(contexts=[RomeWorkContextFactory()])
        RomeAppellationFactory(rome_code=fiche)
        profession.rome_codes.add(fiche)
    return profession
