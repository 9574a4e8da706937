from tests.factories import ProfessionFactory


def test_factory_profession_is_public(db):
    profession = ProfessionFactory()
    assert profession.is_public
