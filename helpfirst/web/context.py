"""Template context shared by every page."""

from __future__ import annotations

# (url name, label, icon, section): a page marks its section with ``request.nav_section``.
NAV_ITEMS = (
    ("home", "Today", "today", "home"),
    ("account-list", "Accounts", "accounts", "accounts"),
    ("journey-list", "Journeys", "journeys", "journeys"),
)
PLAYBOOK_ITEMS = (
    ("problem-list", "Problems we solve", "playbook", "problems"),
    ("antifit-list", "Who we don't serve", "antifit", "antifits"),
    ("content-list", "Content library", "content", "content"),
)

COACHING_ITEMS = (
    ("call-list", "Calls", "call", "calls"),
    ("call-coaching", "Coaching trends", "stage", "coaching"),
    ("call-practice", "Practice", "note", "practice"),
)
AFTER_OUTCOME_ITEMS = (
    ("debrief-list", "Debriefs", "note", "debriefs"),
    ("debrief-lessons", "Lessons", "playbook", "lessons"),
    ("customer-list", "Customers", "accounts", "customers"),
    ("outcomes-by-fit", "Outcomes by fit", "stage", "outcomes"),
    ("fit-nurture", "Nurture", "antifit", "nurture"),
    ("fit-learning", "Learned fit", "playbook", "fit-learning"),
)
CAPTURE_ITEMS = (
    ("capture-health", "Capture health", "stage", "capture"),
    ("tracking-sites", "Website tracking", "accounts", "tracking"),
    ("mail-settings", "E-mail", "note", "mail"),
    ("calendars", "Calendars", "call", "calendars"),
    ("crm-connections", "CRM connections", "playbook", "crm"),
)
NAV_GROUPS = (
    ("", NAV_ITEMS),
    ("Playbook", PLAYBOOK_ITEMS),
    ("Coaching", COACHING_ITEMS),
    ("After the outcome", AFTER_OUTCOME_ITEMS),
    ("Capture", CAPTURE_ITEMS),
)
# Shown to admins only (the pages answer 404 to everyone else).
ADMIN_ITEMS = (
    ("audit-log", "Audit log", "note", "audit"),
    ("privacy-settings", "Privacy and retention", "antifit", "privacy"),
)

_SECTION_OF_URL = {
    "home": "home",
    "account-list": "accounts",
    "account-detail": "accounts",
    "journey-list": "journeys",
    "journey-detail": "journeys",
    "problem-list": "problems",
    "problem-detail": "problems",
    "problem-create": "problems",
    "problem-edit": "problems",
    "antifit-list": "antifits",
    "antifit-create": "antifits",
    "antifit-edit": "antifits",
    "content-list": "content",
    "content-create": "content",
    "content-edit": "content",
}


def _entries(items, section):
    return [
        {"url_name": name, "label": label, "icon": icon, "active": key == section}
        for name, label, icon, key in items
    ]


def navigation(request):
    """Return the main navigation, marking the section the current page belongs to.

    ``nav_groups`` is built only when a template reads it: the sidebar is usually served from
    its cache (``helpfirst_shell.sidebar``), which needs just ``nav_section``.
    """
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match else ""
    section = getattr(request, "nav_section", None) or _SECTION_OF_URL.get(current or "", "")
    is_admin = getattr(getattr(request, "user", None), "role", "") == "admin"

    def nav_groups() -> list[dict]:
        groups = [{"label": name, "items": _entries(items, section)} for name, items in NAV_GROUPS]
        if is_admin:
            groups.append({"label": "Administration", "items": _entries(ADMIN_ITEMS, section)})
        return groups

    return {"nav_section": section, "nav_groups": nav_groups}
