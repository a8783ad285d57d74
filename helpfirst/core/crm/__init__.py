"""Other CRMs (HubSpot, Salesforce): signatures, event payloads, field and stage mapping.

Pure Python, no Django: the webhook receivers and the one-shot export migration in
:mod:`helpfirst.crm` turn what these functions return into accounts, contacts, journeys and
interactions.
"""
