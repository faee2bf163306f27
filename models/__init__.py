"""The model layer of Action Plan Monitor: entities, queries, rules and services.

Nothing in this package imports Streamlit; pages call into it.
"""
