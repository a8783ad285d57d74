"""Hold the word pools the demo companies and people are made from (all fictional).

Company names are built from a prefix and an industry word; domains use ``.example`` style
fictional endings so no demo address points at a real company.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IndustryProfile:
    """What companies in one industry are called, care about, and how big they tend to be."""

    name: str
    words: tuple[str, ...]
    strategies: tuple[str, ...]
    priorities: tuple[str, ...]
    median_employees: int


NAME_PREFIXES: tuple[str, ...] = (
    "Northgate", "Bluewater", "Kestrel", "Meridian", "Alder", "Harbour", "Copperleaf", "Linden",
    "Silverline", "Brightfield", "Oakridge", "Fjord", "Granite", "Larkspur", "Beacon", "Riverside",
    "Summit", "Tidewell", "Ashgrove", "Cobalt", "Driftwood", "Evergreen", "Foxglove", "Halcyon",
    "Ironbridge", "Juniper", "Kingfisher", "Lumen", "Moorland", "Nimbus", "Orchard", "Pinecrest",
    "Quayside", "Redwood", "Saltmarsh", "Thistle", "Upland", "Vantage", "Westbrook", "Yarrow",
    "Zephyr", "Amberley", "Birchwood", "Clearwater", "Dovetail", "Elmstead", "Fairhaven",
    "Greystone", "Hollybank", "Islay", "Larchmont", "Marlow", "Northwold", "Oakhurst", "Penrose",
    "Rosemoor", "Stonebridge", "Thornbury", "Wrenfield", "Ashby",
)
LEGAL_SUFFIXES: tuple[str, ...] = (
    "", "", "", " Ltd", " GmbH", " BV", " AB", " SA", " Group", " Inc",
)
DOMAIN_ENDINGS: tuple[str, ...] = (".example", ".example.com", ".example.net", ".example.org")

INDUSTRIES: tuple[IndustryProfile, ...] = (
    IndustryProfile(
        "Retail",
        ("Retail", "Stores", "Home & Garden", "Outfitters", "Market"),
        ("Grow online share without cannibalising stores", "Own-brand ranges over resale"),
        ("Cut stock-outs before peak season", "One view of margin by store and category"),
        600,
    ),
    IndustryProfile(
        "E-commerce",
        ("Commerce", "Direct", "Online", "Shop", "Marketplace"),
        ("Profitable growth over growth at any cost", "Expand into two new EU markets"),
        ("Understand return rates by product", "Lower customer acquisition cost"),
        180,
    ),
    IndustryProfile(
        "Logistics",
        ("Freight", "Logistics", "Transport", "Shipping", "Haulage"),
        ("Become the most reliable carrier in the region", "Electrify the urban fleet by 2028"),
        ("On-time delivery reporting customers can trust", "Fuel and route cost visibility"),
        900,
    ),
    IndustryProfile(
        "Manufacturing",
        ("Industries", "Manufacturing", "Components", "Engineering", "Works"),
        ("Move from make-to-stock to make-to-order", "Nearshore key suppliers"),
        ("Reliable demand forecasts for production planning", "Scrap and downtime reporting"),
        1200,
    ),
    IndustryProfile(
        "Healthcare",
        ("Health", "Care", "Clinics", "Medical", "Diagnostics"),
        ("Shorter waiting times across every clinic", "Digital-first patient journeys"),
        ("Trustworthy capacity reporting", "Meet data-protection audits without fire drills"),
        1500,
    ),
    IndustryProfile(
        "Financial services",
        ("Capital", "Finance", "Insurance", "Partners", "Credit"),
        ("Win the mid-market with faster decisions", "Simplify the product range"),
        ("Regulatory reporting that doesn't take a week", "Single customer view"),
        2000,
    ),
    IndustryProfile(
        "Software",
        ("Software", "Labs", "Systems", "Cloud", "Digital"),
        ("Move up-market to enterprise customers", "Product-led growth"),
        ("Net revenue retention above 110%", "Board reporting from one source of truth"),
        250,
    ),
    IndustryProfile(
        "Education",
        ("Learning", "Academy", "Education", "College", "Schools"),
        ("Blended learning for every programme", "Widen access for adult learners"),
        ("Spot students at risk of dropping out early", "Funding reports with less manual work"),
        700,
    ),
    IndustryProfile(
        "Hospitality",
        ("Hotels", "Hospitality", "Inns", "Resorts", "Dining"),
        ("Premium experiences in fewer, better locations", "Direct bookings over OTAs"),
        ("Labour cost per occupied room", "Pricing that follows demand"),
        800,
    ),
    IndustryProfile(
        "Energy",
        ("Energy", "Power", "Renewables", "Utilities", "Grid"),
        ("Double renewable capacity by 2030", "Become a trusted local supplier"),
        ("Forecast load and generation together", "Asset maintenance reporting"),
        1800,
    ),
    IndustryProfile(
        "Media",
        ("Media", "Publishing", "Studios", "Broadcast", "Press"),
        ("Subscriptions over advertising", "Grow the podcast network"),
        ("Know which content keeps subscribers", "Reduce churn after the first month"),
        350,
    ),
    IndustryProfile(
        "Professional services",
        ("Consulting", "Advisory", "Associates", "Partners", "Services"),
        ("Productised services next to consulting", "Grow recurring revenue"),
        ("Utilisation and project margin per team", "Faster month-end close"),
        300,
    ),
    IndustryProfile(
        "Non-profit",
        ("Foundation", "Trust", "Charity", "Alliance", "Network"),
        ("Show donors the impact of every euro", "Grow regular giving"),
        ("Grant reporting without spreadsheets", "Volunteer engagement"),
        90,
    ),
)
INDUSTRY_BY_NAME: dict[str, IndustryProfile] = {p.name.lower(): p for p in INDUSTRIES}


def industry_profile(name: str) -> IndustryProfile:
    """Return the profile of ``name``, or a plain one for an industry the pools don't know."""
    known = INDUSTRY_BY_NAME.get(name.lower())
    if known is not None:
        return known
    return IndustryProfile(
        name,
        (name.split()[0].title(), "Group", "Partners", "Company", "Holdings"),
        ("Grow profitably in core markets", "Operational excellence"),
        ("Better decisions from the data we already have", "Less manual reporting"),
        500,
    )


REGIONS: tuple[tuple[str, str], ...] = (
    # (region, name pool key)
    ("UK & Ireland", "en"),
    ("UK & Ireland", "en"),
    ("Nordics", "nordic"),
    ("DACH", "de"),
    ("Benelux", "nl"),
    ("France", "fr"),
    ("Southern Europe", "es"),
    ("North America", "en"),
    ("North America", "en"),
)

FIRST_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("Olivia", "James", "Amelia", "Harry", "Isla", "Jack", "Grace", "Noah", "Emily",
           "Oscar", "Sophie", "Liam", "Hannah", "Ethan", "Chloé", "Aiden", "Priya", "Omar",
           "Mei", "Tom", "Rachel", "Daniel", "Aisha", "Connor"),
    "nordic": ("Astrid", "Lars", "Ingrid", "Mikkel", "Freja", "Nils", "Sofie", "Anders",
               "Maja", "Jonas", "Elin", "Erik", "Sigrid", "Øystein"),
    "de": ("Lena", "Lukas", "Anna", "Jonas", "Leonie", "Felix", "Marie", "Jürgen", "Katrin",
           "Tobias", "Sabine", "Maximilian", "Fatma", "Stefan"),
    "nl": ("Sanne", "Daan", "Fleur", "Bram", "Lotte", "Sem", "Eva", "Ruben", "Noor", "Jeroen",
           "Femke", "Thijs"),
    "fr": ("Camille", "Louis", "Léa", "Hugo", "Manon", "Théo", "Inès", "Julien", "Élodie",
           "Antoine", "Yasmine", "Mathis"),
    "es": ("Lucía", "Mateo", "Sofía", "Pablo", "Carmen", "Javier", "Giulia", "Marco", "Beatriz",
           "Tiago", "Elena", "Andrea"),
}
LAST_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("Smith", "Patel", "Walsh", "O'Brien", "Taylor", "Nguyen", "Khan", "Clarke", "Hughes",
           "Murphy", "Evans", "Chen", "Bennett", "Reid", "Foster", "Adeyemi", "Campbell", "Shaw"),
    "nordic": ("Andersen", "Johansson", "Nielsen", "Lindberg", "Hansen", "Berg", "Nyström",
               "Dahl", "Eriksson", "Sørensen", "Holm", "Lund"),
    "de": ("Müller", "Schmidt", "Weber", "Fischer", "Becker", "Wagner", "Hoffmann", "Yilmaz",
           "Schäfer", "Koch", "Richter", "Wolf"),
    "nl": ("de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
           "Bos", "Vos", "Peeters", "Claes"),
    "fr": ("Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Lefèvre", "Girard", "Benali",
           "Rousseau", "Fontaine", "Chevalier", "Morel"),
    "es": ("García", "Fernández", "López", "Martínez", "Rossi", "Bianchi", "Silva", "Costa",
           "Romero", "Navarro", "Ferrari", "Santos"),
}

# Titles per stakeholder role, and what tends to matter to people in that seat.
ROLE_TITLES: dict[str, tuple[str, ...]] = {
    "economic_buyer": ("CFO", "COO", "Managing Director", "VP Operations", "Finance Director"),
    "champion": ("Head of Analytics", "Operations Manager", "Head of Planning",
                 "Commercial Director", "Head of Customer Insight"),
    "influencer": ("Finance Manager", "Head of Sales Operations", "Programme Manager",
                   "Category Manager"),
    "technical_evaluator": ("Head of IT", "Data Engineer", "IT Manager", "Solutions Architect",
                            "Information Security Officer"),
    "end_user": ("Business Analyst", "Planner", "Reporting Analyst", "Team Lead"),
    "blocker": ("Procurement Manager", "Group IT Director", "Legal Counsel"),
    "unknown": ("Manager", "Coordinator", "Specialist"),
}
ROLE_MATTERS: dict[str, tuple[str, ...]] = {
    "economic_buyer": (
        "A clear payback within the year, and no surprises in the budget.",
        "That the team stops arguing about whose numbers are right.",
        "Risk: she has been burned by a stalled rollout before.",
    ),
    "champion": (
        "Getting her analysts out of spreadsheet work and into real analysis.",
        "Looking good in front of the board with numbers that hold up.",
        "A tool the team will actually use, not another login.",
    ),
    "influencer": (
        "Month-end close without weekend work.",
        "Being asked early, not told late.",
    ),
    "technical_evaluator": (
        "Single sign-on, data residency in the EU, and a sane security review.",
        "How it connects to the warehouse they already run; no new silo.",
        "Who maintains it after go-live.",
    ),
    "end_user": (
        "Less copy-paste on Monday mornings.",
        "Training that fits around the day job.",
    ),
    "blocker": (
        "Three quotes and standard contract terms.",
        "No new vendor unless an existing one can't do it.",
    ),
    "unknown": ("Not known yet: ask.",),
}
