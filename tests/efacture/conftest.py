import pytest

from tests.efacture.fakes import FakeData, FakePasswordHasher, FakeUnitOfWork, FrenchTexts


@pytest.fixture
def data() -> FakeData:
    return FakeData()


@pytest.fixture
def uow(data) -> FakeUnitOfWork:
    return FakeUnitOfWork(data)


@pytest.fixture
def hasher() -> FakePasswordHasher:
    return FakePasswordHasher()


@pytest.fixture
def texts() -> FrenchTexts:
    return FrenchTexts()
