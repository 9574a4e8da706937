"""ShortLink and VisitCount move from core to the toolkit, in the same tables: created here in
the state only (Meta.db_table names core's tables; no table or row is touched), after core's
migration took them out of its state. Their content types follow: the rows are renamed
(app_label "careers_site" -> "toolkit") before `post_migrate` could make new ones, their ids are
kept, so that the permissions (view_shortlink, view_visitcount…), the groups holding them, the
admin log and the history keep pointing at them (careers_site/core/moved_models.py)."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

from careers_site.core.moved_models import SHORT_LINKS_TO_TOOLKIT, rename_content_types


def forwards(apps, schema_editor):
    rename_content_types(apps, SHORT_LINKS_TO_TOOLKIT)


def backwards(apps, schema_editor):
    rename_content_types(apps, {new: old for old, new in SHORT_LINKS_TO_TOOLKIT.items()})


class Migration(migrations.Migration):

    dependencies = [
        ('toolkit', '0001_source_requests'),
        ('careers_site', '0009_short_links_and_visits_leave_for_the_toolkit'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('admin', '0003_logentry_add_action_flag_choices'),
        ('reversion', '0002_add_index_on_version_for_content_type_and_db'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='ShortLink',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='créé le')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='modifié le')),
                        ('kind', models.CharField(choices=[('m', 'Métier (/m/)'), ('c', 'Campagne (/c/)'), ('v', 'Vidéo (/v/)'), ('e', 'Événement (/e/)'), ('i', 'Établissement (/i/)'), ('s', 'Lien dédié avec une source (/s/)')], max_length=1, verbose_name='type de lien')),
                        ('code', models.CharField(help_text="Ce qui suit la lettre dans l'adresse courte, à dire à voix haute sans ambiguïté. Vous pouvez le changer : l'ancien code reste valable (voir « anciens codes »), les affiches déjà imprimées continuent de mener à la page.", max_length=40, validators=[django.core.validators.RegexValidator('^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$', "Un code court s'écrit en minuscules sans accent, avec des chiffres et des tirets (40 caractères au plus), par exemple « aide-soignant ».")], verbose_name='code')),
                        ('former_codes', models.CharField(blank=True, help_text='Les codes que ce lien a eus, séparés par des espaces : ils mènent toujours à la page. Rempli tout seul quand le code change ; retirez un code pour le libérer.', max_length=400, verbose_name='anciens codes')),
                        ('source', models.CharField(blank=True, help_text='Pour un lien dédié (/s/) : le nom sous lequel ses visites sont comptées, par exemple « salon-lyon-2026 ».', max_length=60, validators=[django.core.validators.RegexValidator('^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$', "Une source s'écrit en minuscules sans accent, avec des chiffres et des tirets (60 caractères au plus), par exemple « salon-lyon-2026 ».")], verbose_name='source')),
                        ('object_id', models.PositiveBigIntegerField(verbose_name='identifiant de la page')),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype', verbose_name='type de page')),
                    ],
                    options={
                        'verbose_name': 'lien court',
                        'verbose_name_plural': 'liens courts',
                        'db_table': 'careers_site_shortlink',
                        'ordering': ['kind', 'code'],
                        'indexes': [models.Index(fields=['content_type', 'object_id'], name='careers_sit_content_4ae749_idx')],
                        'constraints': [models.UniqueConstraint(fields=('kind', 'code'), name='shortlink_unique_code', violation_error_message='Ce code court est déjà pris.'), models.UniqueConstraint(condition=models.Q(('kind', 's'), _negated=True), fields=('content_type', 'object_id'), name='shortlink_one_main_link_per_page'), models.CheckConstraint(condition=models.Q(models.Q(('kind', 's'), ('source__gt', '')), models.Q(models.Q(('kind', 's'), _negated=True), ('source', '')), _connector='OR'), name='shortlink_source_only_on_dedicated_links', violation_error_message="Un lien dédié (/s/) porte une source ; un lien principal n'en porte pas.")],
                    },
                ),
                migrations.CreateModel(
                    name='VisitCount',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('day', models.DateField(verbose_name='jour')),
                        ('path', models.CharField(max_length=300, verbose_name='page')),
                        ('source', models.CharField(blank=True, max_length=60, verbose_name='source')),
                        ('count', models.PositiveIntegerField(default=0, verbose_name='visites')),
                    ],
                    options={
                        'verbose_name': "visites d'une page",
                        'verbose_name_plural': 'visites',
                        'db_table': 'careers_site_visitcount',
                        'ordering': ['-day', 'path', 'source'],
                        'indexes': [models.Index(fields=['source', 'day'], name='careers_sit_source_243512_idx'), models.Index(fields=['path', 'day'], name='careers_sit_path_d26a4a_idx')],
                        'constraints': [models.UniqueConstraint(fields=('day', 'path', 'source'), name='visitcount_one_row_per_day_page_source')],
                    },
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
