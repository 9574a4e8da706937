"""Demonstration content: read the hand-written data in `fixtures/*.toml` and bring the
database in line with it, idempotently.

Every object is found by a natural key (its slug, or a few fields when the model has no slug),
compared field by field, and saved only when something differs: a second run changes nothing,
not even `updated_at`. Images are drawn with Pillow at load time under a name derived from what
they show, so re-running never piles up copies. `manage.py load_demo` is the entry point."""

import datetime
import hashlib
import io
import json
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from campaigns.models import Campaign, Event, SocialAsset, Testimonial, Video
from careers_site.core.history import write_versions
from careers_site.core.models import Organisation, PublishableModel, SiteSettings, Status
from careers_site.core.richtext import RichTextField, plain_to_html
from careers_site.core.sanitize import clean_html
from careers_site.toolkit.models import ShortLink, ShortLinkKind
from professions.models import Profession, ProfessionSituation, RomeCode, Situation
from professions.rome import RomeError, import_rome
from professions.situations import ensure_situations
from trainings import parcoursup
from trainings.models import Diploma, FinancialAid, Institute, ParcoursupFiliere, TrainingOffer
from trainings.parcoursup_filieres import ensure_filieres

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
# Small demonstration files committed with the data (clips, captions, posters), copied under
# MEDIA_ROOT by the loader.
MEDIA_DIR = FIXTURES_DIR / "media"
# The demo's copy of France Travail's ROME files (provenance in fixtures/README.md), read by the
# same importer as the operator's official zip.
ROME_DIR = FIXTURES_DIR / "rome"
# A copy of the real session-2025 file's header and first rows (fixtures/README.md), imported
# through the importer as an operator imports the national file.
PARCOURSUP_FILE = FIXTURES_DIR / "parcoursup-2025-extract.csv"

# Read in this order: later files refer to objects of earlier ones by slug.
FIXTURE_FILES = (
    "site.toml",
    "professions.toml",
    "professions-rome.toml",
    "trainings.toml",
    "institutes.toml",
    "campaigns.toml",
    "orientation.toml",
)

# Keys the data files may carry for people, not for the database (source confidence).
NOTE_KEYS = frozenset({"confidence"})

# Bump when the drawings change, so that every image is redrawn once.
DRAWING_VERSION = "5"
SOCIAL_MASTER_VERSION = "2"  # the masters of the social-media kit


class DemoDataError(Exception):
    """The data files say something the models cannot hold."""


@dataclass(frozen=True)
class Section:
    """How one list of the data files maps onto a model."""

    key: str
    model: type[models.Model]
    lookup: tuple[str, ...] = ("slug",)
    foreign_keys: dict = field(default_factory=dict)  # data key -> (model, its section key)
    many_to_many: dict = field(default_factory=dict)  # data key -> section key of the targets
    tags: tuple[str, ...] = ()
    image: tuple[str, str] | None = None  # (data key, image field)
    files: str | None = None  # data key of {field: file name in fixtures/media/}
    index_key: str | None = None  # later lists find these objects under this key
    defaults: dict = field(default_factory=dict)  # values every record of the list gets


SECTIONS = (
    Section("organisations", Organisation),
    # Who stands behind the demonstration campaign of campaigns.toml: the site itself.
    # Marked as such, so that their events and videos stay out of feeds and .ics files.
    Section(
        "demo_organisations",
        Organisation,
        index_key="organisations",
        defaults={"is_demonstration": True},
    ),
    Section(
        "professions",
        Profession,
        many_to_many={"related": "professions"},
        tags=("interests",),
        image=("illustration", "hero_image"),
    ),
    Section("diplomas", Diploma, many_to_many={"professions": "professions"}),
    Section("institutes", Institute),
    Section(
        "offers",
        TrainingOffer,
        lookup=("diploma", "institute", "modality"),
        foreign_keys={"diploma": "diplomas", "institute": "institutes"},
    ),
    Section(
        "financial_aids",
        FinancialAid,
        foreign_keys={"provider": "organisations"},
        many_to_many={"professions": "professions", "diplomas": "diplomas"},
    ),
    Section(
        "campaigns",
        Campaign,
        foreign_keys={"owner": "organisations"},
        many_to_many={"partners": "organisations", "professions": "professions"},
        image=("illustration", "hero_image"),
    ),
    Section(
        "videos",
        Video,
        foreign_keys={"campaign": "campaigns"},
        many_to_many={"professions": "professions"},
        image=("poster", "poster"),
        files="media",
    ),
    Section(
        "testimonials",
        Testimonial,
        lookup=("campaign", "first_name"),
        foreign_keys={"campaign": "campaigns", "profession": "professions", "video": "videos"},
    ),
    # A fictitious job fair, so that the counsellors' kit can be shown (no real one is known).
    Section(
        "events",
        Event,
        foreign_keys={"organiser": "organisations", "campaign": "campaigns"},
        many_to_many={"professions": "professions"},
    ),
)

# Data keys that give a date relative to the first load ("in 30 days"): applied only when the
# object is created, so that a second run changes nothing.
RELATIVE_DATES = {"starts_in_days": ("starts_at", "ends_at")}


def read_fixtures(directory=FIXTURES_DIR):
    data = {}
    for name in FIXTURE_FILES:
        path = Path(directory) / name
        with path.open("rb") as handle:
            content = tomllib.load(handle)
        for key, value in content.items():
            if key in data and isinstance(value, list) and isinstance(data[key], list):
                data[key] = [*data[key], *value]  # a list may go on in a later file
                continue
            if key in data:
                raise DemoDataError(f"{name} : la rubrique « {key} » existe déjà ailleurs.")
            data[key] = value
    return data


@dataclass
class Outcome:
    """What a run did, per model: created, updated or left unchanged."""

    counts: dict = field(default_factory=dict)
    parcoursup: object = None  # the plan of the Parcoursup import, when a file was imported

    def record(self, model, state):
        self.counts.setdefault(model, Counter())[state] += 1

    def changed(self):
        return any(c["created"] or c["updated"] for c in self.counts.values()) or bool(
            self.parcoursup and self.parcoursup.changes_something
        )


class DemoLoader:
    def __init__(
        self, data, media_dir=MEDIA_DIR, rome_dir=ROME_DIR, parcoursup_file=PARCOURSUP_FILE
    ):
        self.data = data
        self.media_dir = Path(media_dir)
        self.rome_dir = Path(rome_dir)
        self.parcoursup_file = parcoursup_file
        self.outcome = Outcome()
        self.index = {}  # section key -> {slug -> object}
        self.written = []  # created or changed: each gets a version in the history

    @transaction.atomic
    def load(self):
        self.load_site_settings(self.data.get("site_settings", {}))
        for section in SECTIONS:
            self.load_section(section, self.data.get(section.key, []))
        self.load_social_assets(self.data.get("social_assets", []))
        self.load_source_links(self.data.get("source_links", []))
        self.load_rome_links(self.data.get("links", []))
        self.load_profession_situations(self.data.get("profession_situations", []))
        if self.parcoursup_file and Path(self.parcoursup_file).exists():
            ensure_filieres(ParcoursupFiliere)
            try:
                self.outcome.parcoursup = parcoursup.import_file(self.parcoursup_file)
            except parcoursup.ParcoursupError as error:
                raise DemoDataError(f"{Path(self.parcoursup_file).name} : {error}") from None
        # A first version of what this run wrote, so that its history starts with the
        # demonstration content (a first edit can be compared with it and undone).
        write_versions(self.written, comment="Contenu de démonstration")
        return self.outcome

    # -- site settings ------------------------------------------------------------------

    def load_site_settings(self, values):
        values = {k: v for k, v in values.items() if k not in NOTE_KEYS}
        instance = SiteSettings.objects.filter(pk=1).first()
        created = instance is None
        if created:
            instance = SiteSettings(pk=1)
        values = {name: self.python_value(SiteSettings, name, v) for name, v in values.items()}
        changed = self.assign(instance, values) or created
        if changed:
            self.save(instance)
        self.outcome.record(SiteSettings, self.state(created, changed))

    # -- one list of objects ------------------------------------------------------------

    def load_section(self, section, records):
        objects = self.index.setdefault(section.index_key or section.key, {})
        pending_relations = []
        for record in records:
            record = dict(record)
            if record.get("confidence", "H") not in ("H", "M"):
                raise DemoDataError(
                    f"{section.key} : « confidence » vaut H ou M, pas « {record['confidence']} »."
                )
            for key in NOTE_KEYS:
                record.pop(key, None)
            relations = {key: record.pop(key, []) for key in section.many_to_many}
            tags = {key: record.pop(key, []) for key in section.tags}
            drawing = record.pop(section.image[0], None) if section.image else None
            files = record.pop(section.files, None) if section.files else None
            relative = {key: record.pop(key) for key in RELATIVE_DATES if key in record}

            values = {}
            for key, value in record.items():
                if key in section.foreign_keys:
                    target = self.find(section.foreign_keys[key], value, section.key)
                    values[f"{key}_id"] = target.pk
                else:
                    values[key] = self.python_value(section.model, key, value)
            for key, value in section.defaults.items():
                values.setdefault(key, value)
            if issubclass(section.model, PublishableModel):
                values.setdefault("status", Status.PUBLISHED)
            if drawing and section.image[1] == "hero_image":
                # An abstract drawing says nothing: decorative for screen readers (RGAA 1.2).
                values.setdefault("hero_image_decorative", True)

            lookup = {}
            for name in section.lookup:
                attname = f"{name}_id" if name in section.foreign_keys else name
                if attname not in values:
                    raise DemoDataError(f"{section.key} : il manque « {name} » dans {record}.")
                lookup[attname] = values[attname]

            instance = section.model.objects.filter(**lookup).first()
            created = instance is None
            if created:
                instance = section.model(**lookup)
                for key, days in relative.items():
                    values.update(relative_dates(RELATIVE_DATES[key], days))
            # Files first: full_clean then checks them (captions must parse as WebVTT).
            files_changed = self.attach_files(instance, files) if files else False
            changed = self.assign(instance, values) or created or files_changed
            if changed:
                self.save(instance)
            if drawing and self.draw(instance, section.image[1], drawing):
                changed = True
            for key in section.tags:
                manager = getattr(instance, key)
                if set(manager.names()) != set(tags[key]):
                    manager.set(tags[key])
                    changed = True
            if section.lookup == ("slug",):
                objects[instance.slug] = instance  # what later lists point to
            pending_relations.append((instance, relations, created, changed))

        # Many-to-many last: a profession may point to one further down the same list.
        for instance, relations, created, changed in pending_relations:
            for key, slugs in relations.items():
                targets = [
                    self.find(section.many_to_many[key], slug, section.key) for slug in slugs
                ]
                manager = getattr(instance, key)
                if set(manager.values_list("pk", flat=True)) != {t.pk for t in targets}:
                    manager.set(targets)
                    changed = True
            if changed:
                self.written.append(instance)
            self.outcome.record(section.model, self.state(created, changed))

    # -- campaigns: demonstration files and the social-media kit -------------------------

    def attach_files(self, instance, spec):
        """Copy files of fixtures/media/ into the instance's file fields, under a name that
        carries their content's digest: unchanged files are never copied again."""
        changed = False
        for field_name, filename in spec.items():
            content = (self.media_dir / filename).read_bytes()
            digest = hashlib.sha1(content).hexdigest()[:8]
            stem, suffix = Path(filename).stem, Path(filename).suffix
            changed |= self.store_file(instance, field_name, f"{stem}-{digest}{suffix}", content)
        return changed

    @staticmethod
    def store_file(instance, field_name, filename, content):
        """Give the field this file unless it has it already; replace an older demo file."""
        fieldfile = getattr(instance, field_name)
        target = fieldfile.field.generate_filename(instance, filename)
        storage = fieldfile.storage
        if fieldfile.name == target and storage.exists(target):
            return False
        previous = fieldfile.name
        if previous and previous != target and Path(previous).name.startswith("demo-"):
            storage.delete(previous)
        if storage.exists(target):
            storage.delete(target)  # left over by an interrupted run; keep the name exact
        fieldfile.save(
            filename, ContentFile(content() if callable(content) else content), save=False
        )
        return True

    def load_social_assets(self, records):
        """One master visual per campaign, drawn with Pillow; found by campaign and title.
        The site crops it into the kit's formats when a page or a download first needs them."""
        for record in records:
            record = dict(record)
            drawing = record.pop("master_drawing")
            campaign = self.find("campaigns", record.pop("campaign"), "social_assets")
            values = {
                name: self.python_value(SocialAsset, name, value) for name, value in record.items()
            }
            instance = SocialAsset.objects.filter(campaign=campaign, title=values["title"]).first()
            created = instance is None
            if created:
                instance = SocialAsset(campaign=campaign)
            fingerprint = json.dumps(
                [DRAWING_VERSION, SOCIAL_MASTER_VERSION, drawing],
                sort_keys=True,
                ensure_ascii=False,
            )
            digest = hashlib.sha1(fingerprint.encode()).hexdigest()[:8]
            drawn = self.store_file(
                instance,
                "master",
                f"demo-{campaign.slug}-{digest}.png",
                lambda drawing=drawing: draw_social_master(**drawing),
            )
            changed = self.assign(instance, values) or created or drawn
            if changed:
                self.save(instance)
            self.outcome.record(SocialAsset, self.state(created, changed))

    def load_source_links(self, records):
        """Dedicated /s/ links (a job fair's QR code), found by their code."""
        for record in records:
            section_key, slug = record["target"].split(":", 1)
            target = self.find(section_key, slug, "source_links")
            values = {
                "content_type_id": ContentType.objects.get_for_model(target).pk,
                "object_id": target.pk,
                "source": record["source"],
            }
            instance = ShortLink.objects.filter(
                kind=ShortLinkKind.SOURCE, code=record["code"]
            ).first()
            created = instance is None
            if created:
                instance = ShortLink(kind=ShortLinkKind.SOURCE, code=record["code"])
            changed = self.assign(instance, values) or created
            if changed:
                self.save(instance)
            self.outcome.record(ShortLink, self.state(created, changed))

    def load_rome_links(self, records):
        """The ROME of the demo's professions through `manage.py import_rome`'s own code, then
        each profession's fiche(s) from professions-rome.toml; its main code is the first."""
        try:
            rome, _ = import_rome(self.rome_dir)
        except RomeError as error:
            raise DemoDataError(f"ROME : {error}") from None
        codes = {code.code: code for code in RomeCode.objects.filter(code__in=rome.codes)}
        for record in records:
            profession = self.find("professions", record["profession"], "professions-rome")
            wanted = record.get("codes") or []
            missing = [code for code in wanted if code not in codes]
            if not wanted or missing:
                raise DemoDataError(
                    f"professions-rome : « {record['profession']} » : code(s) ROME absent(s) "
                    f"des fichiers du ROME : {', '.join(missing) or 'aucun code donné'}."
                )
            changed = False
            if set(profession.rome_codes.values_list("code", flat=True)) != set(wanted):
                profession.rome_codes.set([codes[code] for code in wanted])
                changed = True
            if profession.rome_code != wanted[0]:
                profession.rome_code = wanted[0]
                self.save(profession)
                changed = True
            self.outcome.record(RomeCode, "updated" if changed else "unchanged")

    def load_profession_situations(self, records):
        """« Est-ce pour moi ? »: a job's position on a situation, found by both slugs. The
        situations come from a migration (professions 0008); the ones missing (a database
        flushed since) are made again, never changing what staff wrote."""
        ensure_situations(Situation)
        situations = {s.slug: s for s in Situation.objects.all()}
        for record in records:
            record = {k: v for k, v in record.items() if k not in NOTE_KEYS}
            profession = self.find("professions", record.pop("profession"), "orientation")
            slug = record.pop("situation")
            if slug not in situations:
                raise DemoDataError(f"orientation : la situation « {slug} » n'existe pas.")
            values = {
                name: self.python_value(ProfessionSituation, name, value)
                for name, value in record.items()
            }
            instance = ProfessionSituation.objects.filter(
                profession=profession, situation=situations[slug]
            ).first()
            created = instance is None
            if created:
                instance = ProfessionSituation(profession=profession, situation=situations[slug])
            changed = self.assign(instance, values) or created
            if changed:
                self.save(instance)
            self.outcome.record(ProfessionSituation, self.state(created, changed))

    # -- helpers ------------------------------------------------------------------------

    def find(self, section_key, slug, where):
        try:
            return self.index[section_key][slug]
        except KeyError:
            raise DemoDataError(
                f"{where} : « {slug} » ne correspond à aucun objet de « {section_key} »."
            ) from None

    @staticmethod
    def python_value(model, name, value):
        """The TOML value as the model field wants it (and a clear error for a typo)."""
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            raise DemoDataError(f"{model.__name__} n'a pas de champ « {name} ».") from None
        if isinstance(model_field, RichTextField) and isinstance(value, str):
            # The fixtures hold plain text; the field stores it as sanitised HTML.
            return clean_html(plain_to_html(value))
        if isinstance(value, str):
            return value.strip()
        if isinstance(model_field, models.DateTimeField) and type(value) is datetime.date:
            # A day alone means noon, Paris time: the same day in every time zone around.
            return timezone.make_aware(datetime.datetime.combine(value, datetime.time(12)))
        if isinstance(model_field, models.DecimalField) and isinstance(value, float | int):
            return Decimal(str(value)).quantize(Decimal(1).scaleb(-model_field.decimal_places))
        return value

    @staticmethod
    def assign(instance, values):
        changed = False
        for name, value in values.items():
            if getattr(instance, name) != value:
                setattr(instance, name, value)
                changed = True
        return changed

    @staticmethod
    def save(instance):
        try:
            instance.full_clean()
        except Exception as error:
            raise DemoDataError(
                f"{instance.__class__.__name__} « {instance} » : {error}"
            ) from error
        instance.save()

    @staticmethod
    def state(created, changed):
        if created:
            return "created"
        return "updated" if changed else "unchanged"

    def draw(self, instance, field_name, spec):
        """Give the instance its drawn image, unless it already has this very drawing."""
        fieldfile = getattr(instance, field_name)
        if field_name == "poster":
            spec = {**spec, "episode": instance.episode_number}
        fingerprint = json.dumps([DRAWING_VERSION, spec], sort_keys=True, ensure_ascii=False)
        digest = hashlib.sha1(fingerprint.encode()).hexdigest()[:8]
        filename = f"demo-{instance.slug}-{digest}.png"
        target = fieldfile.field.generate_filename(instance, filename)
        storage = fieldfile.storage
        if fieldfile.name == target and storage.exists(target):
            return False
        previous = fieldfile.name
        if previous and previous != target and Path(previous).name.startswith("demo-"):
            storage.delete(previous)  # an older drawing of ours: replaced, not kept
        if storage.exists(target):
            storage.delete(target)  # left over by an interrupted run; keep the name exact
        content = draw_poster(**spec) if field_name == "poster" else draw_illustration(**spec)
        fieldfile.save(filename, ContentFile(content), save=False)
        instance.save(update_fields=[field_name, "updated_at"])
        return True


def relative_dates(fields, days):
    """Start at 10:00, Paris time, `days` from today; end at 17:00 the same day."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    start_field, end_field = fields
    return {start_field: start, end_field: start + datetime.timedelta(hours=7)}


# -- drawings -------------------------------------------------------------------------------
# Drawn at twice the size, then reduced: smooth edges without anti-aliasing support.

SCALE = 2


def _png(image, size):
    image = image.resize(size, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _capsule(draw_size, colours):
    """A pill, half one colour, half the other, on a transparent layer."""
    width, height = draw_size
    layer = Image.new("RGBA", draw_size, (0, 0, 0, 0))
    pen = ImageDraw.Draw(layer)
    pen.rounded_rectangle((0, 0, width - 1, height - 1), radius=height // 2, fill=colours[0])
    pen.rounded_rectangle(
        (width // 2, 0, width - 1, height - 1), radius=height // 2, fill=colours[1]
    )
    pen.rectangle((width // 2, 0, width // 2 + height // 2, height - 1), fill=colours[1])
    return layer


def draw_illustration(motif, colours, size=(1200, 630)):
    """A calm abstract picture in the brand colours: no text, no meaning to convey. Small
    shapes keep clear of the left and right tenths, which narrower frames crop away."""
    background, main, soft, accent = colours
    width, height = size[0] * SCALE, size[1] * SCALE
    image = Image.new("RGB", (width, height), background)
    pen = ImageDraw.Draw(image)
    unit = height / 10

    def circle(cx, cy, radius, **kwargs):
        pen.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), **kwargs)

    if motif == "imagerie":
        # The ring of a scanner and its table, seen from the side.
        cx, cy = width * 0.62, height * 0.5
        circle(cx, cy, unit * 4.6, fill=soft)
        circle(cx, cy, unit * 3.8, fill=main)
        circle(cx, cy, unit * 2.3, fill=background)
        pen.rounded_rectangle(
            (width * 0.08, cy + unit * 0.6, width * 0.9, cy + unit * 1.3),
            radius=unit * 0.35,
            fill=accent,
        )
        circle(width * 0.2, height * 0.24, unit * 0.9, fill=soft)
        circle(width * 0.28, height * 0.78, unit * 0.45, fill=main)
    elif motif == "soin":
        # Two round shapes leaning on each other, and a cross.
        circle(width * 0.46, height * 0.56, unit * 3.6, fill=soft)
        circle(width * 0.64, height * 0.46, unit * 3.1, fill=main)
        cx, cy, arm, thick = width * 0.8, height * 0.2, unit * 1.1, unit * 0.38
        pen.rounded_rectangle(
            (cx - thick, cy - arm, cx + thick, cy + arm), radius=thick / 2, fill=accent
        )
        pen.rounded_rectangle(
            (cx - arm, cy - thick, cx + arm, cy + thick), radius=thick / 2, fill=accent
        )
        circle(width * 0.2, height * 0.22, unit * 0.8, fill=accent)
        circle(width * 0.24, height * 0.8, unit * 0.45, fill=main)
    elif motif == "pharmacie":
        # Capsules falling at different angles, and a few round tablets.
        for x, y, angle, length, pair in (
            (0.52, 0.42, 35, 4.8, (main, soft)),
            (0.76, 0.62, -20, 4.0, (accent, soft)),
            (0.3, 0.68, 70, 3.2, (soft, main)),
        ):
            capsule = _capsule((int(unit * length), int(unit * 1.5)), pair).rotate(
                angle, expand=True, resample=Image.Resampling.BICUBIC
            )
            image.paste(
                capsule,
                (int(width * x - capsule.width / 2), int(height * y - capsule.height / 2)),
                capsule,
            )
        circle(width * 0.2, height * 0.24, unit * 0.9, fill=soft)
        circle(width * 0.82, height * 0.2, unit * 0.6, fill=main)
        circle(width * 0.84, height * 0.86, unit * 0.4, fill=accent)
    else:
        # A screen with a play sign, and the rings of a conversation.
        pen.rounded_rectangle(
            (width * 0.36, height * 0.2, width * 0.86, height * 0.8), radius=unit * 0.6, fill=main
        )
        cx, cy, side = width * 0.61, height * 0.5, unit * 1.4
        pen.polygon(
            [(cx - side * 0.7, cy - side), (cx - side * 0.7, cy + side), (cx + side, cy)],
            fill=background,
        )
        circle(width * 0.2, height * 0.36, unit * 1.6, fill=soft)
        circle(width * 0.26, height * 0.7, unit * 1.1, fill=accent)
        circle(width * 0.84, height * 0.14, unit * 0.6, fill=accent)
    return _png(image, size)


def _font(size, bold=True):
    names = (
        ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf")
        if bold
        else (
            "DejaVuSans.ttf",
            "LiberationSans-Regular.ttf",
        )
    )
    for name in names:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def _wrap(pen, text, font, max_width):
    """Words on lines no wider than max_width; a little word (« à », « en ») never ends a
    line, as French typography wants: it goes down with the word it introduces."""
    lines, current = [], []
    for word in text.split():
        candidate = " ".join([*current, word])
        if pen.textlength(candidate, font=font) <= max_width or not current:
            current.append(word)
            continue
        carried = []
        while len(current) > 1 and len(current[-1]) <= 2:
            carried.insert(0, current.pop())
        lines.append(" ".join(current))
        current = [*carried, word]
    if current:
        lines.append(" ".join(current))
    return lines


def draw_poster(first_name, job, background, episode=None, size=(1280, 720)):
    """A video poster: the first name and the job written large, white on a dark colour
    (contrast above 4.5:1 for every background used in the data)."""
    width, height = size[0] * SCALE, size[1] * SCALE
    image = Image.new("RGB", (width, height), background)
    pen = ImageDraw.Draw(image)
    unit = height / 10
    # Soft rings in the top right corner: lighter tints of the background.
    tint = Image.new("RGB", (1, 1), background).getpixel((0, 0))
    lighter = tuple(round(c + (255 - c) * 0.16) for c in tint)
    lightest = tuple(round(c + (255 - c) * 0.3) for c in tint)
    for radius, colour in ((unit * 5.2, lighter), (unit * 3.4, lightest), (unit * 1.8, lighter)):
        cx, cy = width * 0.95, height * 0.1
        pen.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=colour)

    # The episode at the top, the name and the job at the bottom left: the middle stays free
    # for the play sign that video cards lay over the poster.
    margin = width * 0.07
    if episode:
        pen.text((margin, unit), f"Épisode {episode}", font=_font(int(unit * 0.55)), fill="white")
    job_font = _font(int(unit * 0.8), bold=False)
    job_lines = _wrap(pen, job, job_font, width * 0.7)
    line_height = unit * 1.0
    top = height - unit * 0.8 - line_height * len(job_lines)
    for number, line in enumerate(job_lines):
        pen.text((margin, top + number * line_height), line, font=job_font, fill="white")
    name_font = _font(int(unit * 1.9))
    pen.text((margin, top - unit * 0.4), first_name, font=name_font, fill="white", anchor="ls")
    return _png(image, size)


def draw_social_master(title, colours, size=(1920, 1920)):
    """A master visual for the social-media kit: the campaign's title in large white letters
    on a band across the middle (where the focal point sits), calm shapes around it. Drawn at
    full size: the kit's crops need at least 1080 pixels on each side."""
    background, main, soft, accent = colours
    width, height = size
    image = Image.new("RGB", size, background)
    pen = ImageDraw.Draw(image)
    unit = min(width, height) / 10
    for cx, cy, radius, colour in (
        (0.12, 0.12, 1.6, soft),
        (0.9, 0.2, 1.1, accent),
        (0.15, 0.86, 1.0, accent),
        (0.86, 0.84, 1.8, soft),
    ):
        x, y, r = width * cx, height * cy, unit * radius
        pen.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    band_top, band_bottom = height * 0.33, height * 0.67
    pen.rectangle((0, band_top, width, band_bottom), fill=main)
    font = _font(int(unit * 0.62))
    lines = _wrap(pen, title, font, width * 0.56)
    line_height = unit * 0.75
    top = (band_top + band_bottom) / 2 - line_height * len(lines) / 2
    for number, line in enumerate(lines):
        pen.text(
            (width / 2, top + line_height * (number + 0.5)),
            line,
            font=font,
            fill="white",
            anchor="mm",
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
