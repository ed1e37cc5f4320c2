from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("planning", "0003_subject_keys")]

    operations = [
        migrations.AddConstraint(
            model_name='manualscore',
            constraint=models.UniqueConstraint(fields=('round', 'subject', 'item_code'), name='manual_score_key_subject'),
        ),
        migrations.AddConstraint(
            model_name='rectificationtask',
            constraint=models.UniqueConstraint(fields=('round', 'subject', 'item_code'), name='rectification_key_subject'),
        ),
        migrations.AddConstraint(
            model_name='selfevaluation',
            constraint=models.UniqueConstraint(fields=('round', 'subject', 'item_code'), name='self_eval_key_subject'),
        ),
        migrations.AddConstraint(
            model_name='targetallocation',
            constraint=models.UniqueConstraint(fields=('item', 'subject'), name='target_allocation_subject_key'),
        ),
    ]
