"""Who wrote an e-mail, us or the buyer, and which addresses are the buyer's side.

A message is *outbound* when its sender is one of the team's addresses or on one of the
team's domains; the buyer's side is then every recipient who is not the team (nor a drop
address). Otherwise it is *inbound* and the buyer's side is the sender.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from helpfirst.core.mail.message import MailMessage
from helpfirst.core.vocabulary import Direction, InteractionKind


@dataclass(frozen=True)
class TeamMail:
    """The team's own addresses and domains, and addresses to ignore (drop addresses)."""

    addresses: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()
    ignored: frozenset[str] = frozenset()
    ignored_local_parts: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls,
        addresses: Iterable[str] = (),
        domains: Iterable[str] = (),
        ignored: Iterable[str] = (),
        ignored_local_parts: Iterable[str] = (),
    ) -> TeamMail:
        def clean(values: Iterable[str]) -> frozenset[str]:
            return frozenset(v.strip().lower().lstrip("@") for v in values if v and v.strip())

        return cls(clean(addresses), clean(domains), clean(ignored), clean(ignored_local_parts))

    def is_team(self, address: str) -> bool:
        address = address.lower()
        domain = address.rpartition("@")[2]
        return address in self.addresses or domain in self.domains

    def is_ignored(self, address: str) -> bool:
        address = address.lower()
        return address in self.ignored or address.partition("@")[0] in self.ignored_local_parts


@dataclass(frozen=True)
class MailSides:
    """The result of :func:`sides`."""

    direction: str  # Direction.OUTBOUND or Direction.INBOUND
    kind: str  # the interaction kind to record
    buyer_addresses: tuple[str, ...]  # in header order (To, Cc, Bcc) for outbound mail


def sides(message: MailMessage, team: TeamMail) -> MailSides:
    """Say whether ``message`` is ours or the buyer's, and list the buyer-side addresses.

    Inbound mail is recorded as ``email_replied``: the vocabulary has no separate
    "received" kind, and a buyer writing to us is the buyer acting on the conversation.
    """
    sender = message.sender.email if message.sender else ""
    if sender and team.is_team(sender):
        buyers = tuple(
            dict.fromkeys(
                a.email
                for a in message.recipients
                if not team.is_team(a.email) and not team.is_ignored(a.email)
            )
        )
        return MailSides(Direction.OUTBOUND, InteractionKind.EMAIL_SENT, buyers)
    buyers = (sender,) if sender and not team.is_ignored(sender) else ()
    return MailSides(Direction.INBOUND, InteractionKind.EMAIL_REPLIED, buyers)
