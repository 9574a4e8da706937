"""Organisation and StaffMembership now live in core (careers_site): the foreign keys point
there and the two models leave this app's state. State only: the tables, columns and the
campaigns_campaign_partners table stay as they are."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0008_organisation_is_demonstration'),
        ('careers_site', '0005_organisations_move_here_from_campaigns'),
        ('trainings', '0011_financial_aid_provider_in_core'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='staffmembership',
                    name='organisation',
                ),
                migrations.AlterField(
                    model_name='campaign',
                    name='owner',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='campaigns', to='careers_site.organisation', verbose_name='organisme porteur'),
                ),
                migrations.AlterField(
                    model_name='event',
                    name='organiser',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='careers_site.organisation', verbose_name='organisateur'),
                ),
                migrations.RemoveField(
                    model_name='staffmembership',
                    name='user',
                ),
                migrations.AlterField(
                    model_name='campaign',
                    name='partners',
                    field=models.ManyToManyField(blank=True, related_name='partner_campaigns', to='careers_site.organisation', verbose_name='partenaires'),
                ),
                migrations.DeleteModel(
                    name='Organisation',
                ),
                migrations.DeleteModel(
                    name='StaffMembership',
                ),
    
            ],
        ),
    ]
