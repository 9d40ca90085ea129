"""The kinds of subscription and customer segments of the guides."""

from enum import StrEnum


class ServiceType(StrEnum):
    MOBILE = "MOBILE"
    FIXE = "FIXE"
    INTERNET = "INTERNET"


class Segment(StrEnum):
    PARTICULIER = "PARTICULIER"
    PROFESSIONNEL = "PROFESSIONNEL"
    ENTREPRISE = "ENTREPRISE"


class LineStatus(StrEnum):
    ACTIVE = "ACTIVE"
    SUSPENDED = "SUSPENDED"
    TERMINATED = "TERMINATED"
