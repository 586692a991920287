import pytest

from shared.auth.keys import KeyStore
from shared.auth.staff import StaffDirectory, StaffError
from shared.auth.tables import ACCESS_SCHEMA
from shared.clock import FixedClock
from shared.db.engine import make_engine


async def test_a_staff_key_carries_the_role_and_department_until_disabled(
    database_url: str, clock: FixedClock
) -> None:
    engine = make_engine(database_url, schemas=[ACCESS_SCHEMA])
    keys = KeyStore(engine, clock, cache_ttl=60)
    staff = StaffDirectory(keys)
    await staff.add("liwei", "Li Wei", "handler", "billing")
    _, raw = await staff.issue_key("liwei")
    principal = await keys.verify(raw)
    assert principal is not None and principal.staff is not None
    assert (principal.staff.role, principal.staff.department) == ("handler", "billing")
    assert principal.allows("cases:handle") and not principal.allows("cases:supervise")
    await staff.disable("liwei")
    assert await keys.verify(raw) is None  # at once, despite the cache
    with pytest.raises(StaffError, match="no active staff member"):
        await staff.issue_key("liwei")
    await engine.dispose()


@pytest.mark.parametrize(
    ("username", "role", "department", "why"),
    [
        ("Li Wei", "handler", "billing", "username"),
        ("liwei", "boss", "billing", "unknown role"),
        ("liwei", "supervisor", None, "belongs to a department"),
        ("liwei", "handler", "Billing Dept", "not a department code"),
    ],
)
async def test_bad_staff_records_are_refused(
    database_url: str,
    clock: FixedClock,
    username: str,
    role: str,
    department: str | None,
    why: str,
) -> None:
    engine = make_engine(database_url, schemas=[ACCESS_SCHEMA])
    with pytest.raises(StaffError, match=why):
        await StaffDirectory(KeyStore(engine, clock)).add(username, "Li Wei", role, department)
    await engine.dispose()


async def test_usernames_are_unique(database_url: str, clock: FixedClock) -> None:
    engine = make_engine(database_url, schemas=[ACCESS_SCHEMA])
    staff = StaffDirectory(KeyStore(engine, clock))
    await staff.add("admin", "Admin", "admin", None)
    with pytest.raises(StaffError, match="taken"):
        await staff.add("admin", "Other", "agent", None)
    await engine.dispose()
