"""E-mail as pure Python: parse messages, read .eml/.mbox files, tell our mail from the buyer's."""

from helpfirst.core.mail.direction import MailSides, TeamMail, sides
from helpfirst.core.mail.files import MailFile, MailFileItem, read_mail_file
from helpfirst.core.mail.message import (
    Address,
    MailFormatError,
    MailMessage,
    parse_message,
)

__all__ = [
    "Address",
    "MailFile",
    "MailFileItem",
    "MailFormatError",
    "MailMessage",
    "MailSides",
    "TeamMail",
    "parse_message",
    "read_mail_file",
    "sides",
]
