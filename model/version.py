"""The toolkit's version, in one place (results, reports and the CLI stamp it)."""

__version__ = "0.1.0"
