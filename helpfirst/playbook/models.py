"""The seller's sweet spot: problems we solve well, who we don't serve, and helpful content."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone

from helpfirst.core import vocabulary
from helpfirst.team.models import Team

CONTENT_FORMAT_CHOICES = [
    (str(key), label) for key, label in vocabulary.CONTENT_FORMAT_LABELS.items()
]


class Problem(models.Model):
    """A buyer problem we are among the best at solving."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="problems")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    example_phrasings = models.JSONField(
        default=list, blank=True, help_text="How a buyer might say it, in their words."
    )
    industries = models.JSONField(default=list, blank=True)
    roles = models.JSONField(
        default=list, blank=True, help_text="Job roles that typically have it."
    )
    company_size_min = models.PositiveIntegerField(null=True, blank=True)
    company_size_max = models.PositiveIntegerField(null=True, blank=True)
    proof = models.JSONField(default=list, blank=True, help_text="Case studies and other proof.")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["team", "slug"], name="problem_unique_slug"),
            models.UniqueConstraint(fields=["team", "title"], name="problem_unique_title"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("problem-detail", args=[self.pk])


class AntiFit(models.Model):
    """A problem or profile we do not serve, and where we would send such a buyer instead."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="anti_fits")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    example_phrasings = models.JSONField(default=list, blank=True)
    industries = models.JSONField(default=list, blank=True)
    company_size_min = models.PositiveIntegerField(null=True, blank=True)
    company_size_max = models.PositiveIntegerField(null=True, blank=True)
    referral = models.CharField(
        max_length=300, blank=True, help_text="Who can really help them instead."
    )
    referral_url = models.URLField(blank=True)
    note = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]
        verbose_name = "anti-fit"
        constraints = [
            models.UniqueConstraint(fields=["team", "slug"], name="antifit_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.title


class ContentItem(models.Model):
    """Something genuinely useful to share: a case study, a whitepaper, an ROI calculator …"""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="content_items")
    slug = models.SlugField(max_length=120)
    title = models.CharField(max_length=250)
    format = models.CharField(max_length=32, choices=CONTENT_FORMAT_CHOICES)
    summary = models.TextField(blank=True)
    url = models.URLField(blank=True)
    file = models.FileField(upload_to="content/", blank=True)
    problems = models.ManyToManyField(Problem, blank=True, related_name="content_items")
    buying_stages = models.JSONField(default=list, blank=True)
    stakeholder_roles = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["team", "slug"], name="content_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def link(self) -> str:
        return self.file.url if self.file else self.url
