from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save


def _interaction_saved(sender, instance, created, raw=False, **kwargs) -> None:
    """Keep the journey's activity summary current after ``Interaction.save()``.

    Bulk writes send no signal: ``store_new_interactions`` and the demo loaders update the
    summaries themselves. An update may have changed anything, so the journey is recomputed.
    """
    if raw or instance.journey_id is None:
        return
    from helpfirst.queue import activity

    if created:
        activity.apply_new_interactions([instance])
    elif activity.summaries_ready():
        activity.refresh_journey_activity([instance.journey_id])


def _reinstall_triggers(sender, using="default", apps=None, **kwargs) -> None:
    """Put back the data-version triggers a later migration's table rebuild dropped (SQLite)."""
    from django.db import connections

    from helpfirst.queue import data_version

    get_model = (apps or sender.apps).get_model
    try:
        get_model("help_queue", "QueueDataVersion")
        data_version.trigger_sql(get_model)
    except LookupError:  # migrated back before the token (or a watched table) existed
        return
    data_version.install_triggers(connections[using], get_model)


class HelpQueueConfig(AppConfig):
    name = "helpfirst.queue"
    label = "help_queue"
    verbose_name = "Help queue"

    def ready(self) -> None:
        post_save.connect(
            _interaction_saved,
            sender="interactions.Interaction",
            dispatch_uid="help_queue.interaction_saved",
        )
        post_migrate.connect(
            _reinstall_triggers, sender=self, dispatch_uid="help_queue.reinstall_triggers"
        )
