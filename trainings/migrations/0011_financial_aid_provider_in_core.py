"""A financial aid's provider is now core's Organisation (same table): state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('careers_site', '0005_organisations_move_here_from_campaigns'),
        ('trainings', '0010_offer_application_route_and_institute_applications_url'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='financialaid',
                    name='provider',
                    field=models.ForeignKey(blank=True, help_text="Laissez vide pour une voie d'accès qui ne dépend d'aucun organisme (l'apprentissage, par exemple).", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='financial_aids', to='careers_site.organisation', verbose_name='organisme qui la verse ou la porte'),
                ),
    
            ],
        ),
    ]
