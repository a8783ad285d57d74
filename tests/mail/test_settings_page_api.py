"""The mail settings page and API: scoped by team, managers and admins edit, reps read."""

from __future__ import annotations

import pytest

from helpfirst.capture import health
from helpfirst.mail.models import MailSettings
from helpfirst.mail.services import settings_for

pytestmark = pytest.mark.django_db


def test_page_shows_drop_address_and_only_own_mailboxes(client, world):
    health.source_for(world.team_a.pk, "imap", "sales@alpha-seller.test:993/INBOX")
    health.source_for(world.team_b.pk, "imap", "secret@other.test:993/INBOX")
    drop = settings_for(world.team_a.pk).drop_local_part
    client.force_login(world.rep1)
    page = client.get("/mail/")
    assert page.status_code == 200
    text = page.content.decode()
    assert drop in text
    assert "sales@alpha-seller.test:993/INBOX" in text
    assert "secret@other.test" not in text
    assert 'name="store_bodies"' not in text  # reps read, they do not edit
    assert client.post("/mail/", {"store_bodies": "on"}).status_code == 403
    assert settings_for(world.team_a.pk).store_bodies is False


def test_manager_edits_settings_and_rotates_the_drop_address(client, world):
    client.force_login(world.manager)
    assert 'name="store_bodies"' in client.get("/mail/").content.decode()
    bad = client.post("/mail/", {"store_bodies": "on", "team_domains_text": "not a domain!"})
    assert bad.status_code == 200
    assert "is not a domain name" in bad.content.decode()
    saved = client.post(
        "/mail/",
        {
            "store_bodies": "on",
            "team_domains_text": "Seller.example\n@sales.seller.example",
            "drop_domain": "In.Seller.Example",
        },
    )
    assert saved.status_code == 302
    found = MailSettings.objects.get(team=world.team_a)
    assert found.store_bodies is True
    assert found.team_domains == ["seller.example", "sales.seller.example"]
    assert found.drop_address == f"{found.drop_local_part}@in.seller.example"
    old = found.drop_local_part
    client.post("/mail/", {"action": "new-drop-address"})
    assert MailSettings.objects.get(team=world.team_a).drop_local_part != old
    assert not MailSettings.objects.filter(team=world.team_b).exists()


def test_api_get_and_put_are_scoped_by_team(api_as, world):
    rep, manager, outsider = api_as(world.rep1), api_as(world.manager), api_as(world.outsider)
    mine = rep.get("/api/mail/settings").json()
    assert mine["store_bodies"] is False
    assert mine["drop_local_part"].startswith("bcc-")
    theirs = outsider.get("/api/mail/settings").json()
    assert theirs["drop_local_part"] != mine["drop_local_part"]
    payload = {"store_bodies": True, "team_domains": ["seller.example"], "drop_domain": ""}
    assert rep.put("/api/mail/settings", payload).status_code == 403
    changed = manager.put("/api/mail/settings", payload)
    assert changed.status_code == 200
    assert changed.json()["team_domains"] == ["seller.example"]
    assert outsider.get("/api/mail/settings").json()["store_bodies"] is False
    bad = manager.put("/api/mail/settings", {**payload, "team_domains": ["nope nope"]})
    assert bad.status_code == 400
    assert bad.json()["field"] == "team_domains"


def test_turning_bodies_off_deletes_the_kept_ones(client, api_as, world):
    from helpfirst.core.mail import parse_message
    from helpfirst.interactions.models import Interaction
    from helpfirst.mail.services import store_messages
    from tests.mail.conftest import make_mail

    mail_settings = settings_for(world.team_a.pk)
    mail_settings.store_bodies = True
    mail_settings.save()
    raw = make_mail("ann@alpha.example", "rep1@example.com", body="Our budget is 40k")
    store_messages(world.team_a.pk, [(parse_message(raw), None)], capture="mail_file")
    stored = Interaction.objects.get(source="email")
    assert stored.properties["body"] == "Our budget is 40k"
    client.force_login(world.manager)
    response = client.post("/mail/", {"team_domains_text": ""}, follow=True)
    assert "1 kept e-mail bodies deleted" in response.content.decode()
    stored.refresh_from_db()
    assert "body" not in stored.properties
    assert stored.subject == "Forecasting"  # subject and addresses stay
    # the API does the same
    manager = api_as(world.manager)
    manager.put("/api/mail/settings", {"store_bodies": True, "team_domains": []})
    store_messages(
        world.team_a.pk,
        [(parse_message(make_mail("ann@alpha.example", "rep1@example.com")), None)],
        capture="mail_file",
    )
    assert Interaction.objects.filter(properties__has_key="body").count() == 1
    manager.put("/api/mail/settings", {"store_bodies": False, "team_domains": []})
    assert not Interaction.objects.filter(properties__has_key="body").exists()
