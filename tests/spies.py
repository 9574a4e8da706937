"""A function or method watched for one test: each call recorded, then passed on."""


def calls_to(monkeypatch, owner, name):
    """Replace `owner.name` (a module's function or a class's method) for the test by one that
    records each call as (args, kwargs), `self` first for a method, then calls the original.
    Returns the list the calls go to."""
    calls = []
    original = getattr(owner, name)

    def recorded(*args, **kwargs):
        calls.append((args, kwargs))
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, recorded)
    return calls
