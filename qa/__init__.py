"""qa: a multilingual, retrieval-based FAQ chatbot that answers with cited passages."""
from __future__ import annotations

__version__ = "0.1.0"
