from django.apps import AppConfig
from django.db.models.signals import post_save


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
