from sqlalchemy import inspect


def test_fresh_database_has_every_table(engine):
    tables = set(inspect(engine).get_table_names())
    assert {"action_plan", "activity", "status_update", "audit_event", "user_account"} <= tables
