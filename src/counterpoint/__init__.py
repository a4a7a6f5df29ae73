"""counterpoint: a sourced record of state media and war coverage."""

__version__ = "0.1.0"
