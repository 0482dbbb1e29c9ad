"""Turn a question into a short answer with cited passages."""

from qa.api import Assistant, ask
from qa.config import load_settings
from qa.records import Answer, Citation
from qa.settings import AnswerSettings, LLMSettings, RerankerSettings, RetrievalSettings, Settings

__all__ = ["Answer", "AnswerSettings", "Assistant", "Citation", "LLMSettings", "RerankerSettings", "RetrievalSettings",
           "Settings", "ask", "load_settings"]
