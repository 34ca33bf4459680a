"""Every fixed sentence the assistant may say; none of them states a fact from the sources."""

NOT_COVERED = "The sources don't cover that."
NOT_COVERED_NAMED = "The sources don't cover that: they don't mention {terms}."
PART_NOT_COVERED = "The sources don't cover the rest of the question: they don't mention {terms}."
NOT_COVERED_KIND = "The sources don't give {kind} for that."
SETTING_NOT_COVERED = (
    "The sources say nothing about {terms} in particular: the passages above are what they say in general."
)
PART_NOT_COVERED_KIND = "The sources don't give {kind} for the rest of the question."
NO_TOPIC = "I can only answer questions about the documents in the corpus, and that question names no topic in them."
INSTRUCTIONS = (
    "I can only answer questions from the sources, with citations, and I don't follow instructions that ask otherwise."
)
COMPOSE = "I can only quote what the sources say, with citations; I can't write new text."
REMARK = "Ask me anything about the sources whenever you like; I only answer by quoting them."
SUGGEST = "Questions the sources can answer:"
LIST_UNDER_HEADING = "Under “{heading}”, the source lists:"
UNDER_HEADING = "Under “{heading}”:"
SECTIONS_LEAD = "The document’s main sections:"
FRONT_MATTER = "The document’s front matter gives:"
SUGGESTION = "What do the sources say about {topic}?"

# How every reply that quotes nothing begins; a follow-up does not take its subject from one of these.
FIXED_OPENINGS = ("The sources don't", "I can only", "Ask me anything about the sources")
