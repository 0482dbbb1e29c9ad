"""Turn a question into a short answer with cited passages."""

from qa.answer import AnswerSettings
from qa.api import Assistant, ask
from qa.chain import Settings
from qa.llm import LLMSettings
from qa.records import Answer, Citation
from qa.retrieve import RetrievalSettings

__all__ = ["Answer", "AnswerSettings", "Assistant", "Citation", "LLMSettings", "RetrievalSettings", "Settings", "ask"]
