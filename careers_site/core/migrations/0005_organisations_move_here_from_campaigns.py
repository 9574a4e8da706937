"""Organisation and StaffMembership move from campaigns to core, state only: their tables
keep the names campaigns gave them (Meta.db_table), no table or row is touched."""

import careers_site.core.sources
import careers_site.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('careers_site', '0004_short_links_for_existing_pages'),
        ('campaigns', '0008_organisation_is_demonstration'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Organisation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='créé le')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='modifié le')),
                        ('name', models.CharField(max_length=200, unique=True, verbose_name='nom')),
                        ('short_name', models.CharField(blank=True, max_length=60, verbose_name='nom court')),
                        ('slug', models.SlugField(max_length=80, unique=True, verbose_name='adresse (slug)')),
                        ('kind', models.CharField(choices=[('ars', 'Agence régionale de santé'), ('region', 'Conseil régional'), ('etat', "Service de l'État"), ('emploi', "Service public de l'emploi"), ('opco', 'Opérateur de compétences'), ('autre', 'Autre partenaire')], max_length=10, verbose_name='type')),
                        ('website', models.URLField(blank=True, verbose_name='site internet')),
                        ('logo', models.ImageField(blank=True, upload_to='organisations/', validators=[careers_site.core.validators.ImageValidator()], verbose_name='logo')),
                        ('logo_alt', models.CharField(blank=True, max_length=150, verbose_name='texte alternatif du logo')),
                        ('logo_decorative', models.BooleanField(default=False, verbose_name='logo décoratif')),
                        ('is_demonstration', models.BooleanField(default=False, help_text="Pour le contenu de démonstration seulement : ses événements et les vidéos de ses campagnes n'apparaissent jamais dans les flux ni dans les fichiers d'agenda (.ics), car ils ne sont pas réels.", verbose_name='organisme de démonstration')),
                        ('show_as_partner', models.BooleanField(default=False, help_text='Le logo (ou le nom) apparaît parmi les partenaires en bas de chaque page.', verbose_name='afficher dans le pied de page')),
                        ('has_public_page', models.BooleanField(default=False, help_text="Une page « Partenaires » présente l'organisme, son rôle, ses campagnes, ses événements et ses aides.", verbose_name='a sa page sur le site')),
                        ('role', models.TextField(blank=True, help_text="Ce que fait l'organisme pour les métiers du soin et de l'accompagnement, en langage courant. Un paragraphe par ligne vide. Citez vos sources ci-dessous.", verbose_name='son rôle pour ces métiers')),
                        ('sources', models.TextField(blank=True, help_text="Une source par ligne : ce qu'elle est (organisme, page, date), puis « | » et son adresse (https://…). Par exemple : « Parcoursup, fiche de l'IFSI du CHU de Saint-Étienne (2025-2026) | https://dossier.parcoursup.fr/… ». Chaque chiffre publié doit avoir la sienne.", verbose_name='sources')),
                    ],
                    options={
                        'verbose_name': 'organisme',
                        'verbose_name_plural': 'organismes',
                        'db_table': 'campaigns_organisation',
                        'ordering': ['name'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('logo', ''), ('logo_decorative', True), models.Q(('logo_alt', ''), _negated=True), _connector='OR'), name='organisation_logo_alt_required', violation_error_message="Décrivez l'image en quelques mots (texte alternatif), ou cochez « image décorative ».")],
                    },
                    bases=(careers_site.core.sources.SourcedMixin, models.Model),
                ),
                migrations.CreateModel(
                    name='StaffMembership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='careers_site.organisation', verbose_name='organisme')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to=settings.AUTH_USER_MODEL, verbose_name='compte')),
                    ],
                    options={
                        'verbose_name': 'rattachement à un organisme',
                        'verbose_name_plural': 'rattachements à un organisme',
                        'db_table': 'campaigns_staffmembership',
                        'ordering': ['organisation', 'user'],
                        'constraints': [models.UniqueConstraint(fields=('user', 'organisation'), name='staffmembership_unique_user_organisation')],
                    },
                ),
    
            ],
        ),
    ]
