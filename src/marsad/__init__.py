"""marsad (مرصد, "observatory"): Arabic news to ACLED-coded political-violence events."""

__version__ = "0.3.0"
