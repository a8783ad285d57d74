"""Who may export or erase a person: the team's managers and admins."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from helpfirst.accounts.models import Contact
from helpfirst.core.privacy import PersonMarks
from helpfirst.team import permissions


def can_handle_privacy(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.team_id is not None
        and user.sees_whole_team
    )


def contact_for(user, pk: int) -> Contact:
    """Return the contact ``pk`` for a privacy request: 404 when not visible, 403 for reps."""
    contact = get_object_or_404(permissions.visible_contacts(user).select_related("account"), pk=pk)
    if not can_handle_privacy(user):
        raise PermissionDenied("Only managers and admins export or erase a person's data.")
    return contact


def marks_for(contact: Contact) -> PersonMarks:
    return PersonMarks(
        first_name=contact.first_name or "",
        last_name=contact.last_name or "",
        email=contact.email or "",
        phone=contact.phone or "",
    )
