"""The GUI's create-account form, checked by the use case before the device or the store is
asked (app.usecases.eth_accounts.read_new_eth_account): one line for each thing that is wrong."""

from __future__ import annotations

import pytest

from app.errors import UserError
from app.usecases.eth_accounts import NewEthAccount, read_new_eth_account


@pytest.mark.parametrize(
    ("name", "number", "layout", "expected"),
    [
        (" Cold ETH ", " 7 ", "bip44", NewEthAccount("Cold ETH", 7, "bip44")),
        ("Ledger 0", "0", "ledger-live", NewEthAccount("Ledger 0", 0, "ledger-live")),
        ("Top", "2147483647", "bip44", NewEthAccount("Top", 2**31 - 1, "bip44")),
    ],
)
def test_good_fields_become_the_account_to_create(
    name: str, number: str, layout: str, expected: NewEthAccount
) -> None:
    assert read_new_eth_account(name, number, layout) == expected


@pytest.mark.parametrize(
    ("name", "number", "layout", "said"),
    [
        ("Cold", "2147483648", "bip44", "from 0 to 2147483647, got '2147483648'"),
        ("Cold", "-1", "bip44", "whole number"),
        ("Cold", "+3", "bip44", "whole number"),
        ("Cold", "٣", "bip44", "whole number"),  # an Arabic-Indic digit: str.isdigit alone says yes
        ("Cold", "", "bip44", "whole number"),
        ("Cold", "3", "electrum", "unknown address layout 'electrum'"),
        ("", "3", "bip44", "bad account name"),
        ("-dash first", "3", "bip44", "bad account name"),
    ],
)
def test_bad_fields_are_refused_in_one_line(name: str, number: str, layout: str, said: str) -> None:
    with pytest.raises(UserError) as refused:
        read_new_eth_account(name, number, layout)
    assert said in str(refused.value) and "\n" not in str(refused.value)
