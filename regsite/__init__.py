"""regsite: NHS England's transparency registers as a static, accessible website."""

__version__ = "0.1.0"
