#!/usr/bin/env python3
"""Write a Charity Commission register extract (publicextract.charity layout,
tab-separated) of made-up charities to standard output, for bench/import/run.

Every row is valid, so the benchmark measures importing rather than refusing.
The same --rows and --seed always give the same file.

Usage: generate.py [--rows N] [--seed S] > publicextract.charity.txt
"""

import argparse
import random
import sys

COLUMNS = [
    "date_of_extract", "organisation_number", "registered_charity_number",
    "linked_charity_number", "charity_name", "charity_type",
    "charity_registration_status", "date_of_registration", "date_of_removal",
    "charity_reporting_status", "latest_acc_fin_period_start_date",
    "latest_acc_fin_period_end_date", "latest_income", "latest_expenditure",
    "charity_contact_address1", "charity_contact_address2",
    "charity_contact_address3", "charity_contact_address4",
    "charity_contact_address5", "charity_contact_postcode",
    "charity_contact_phone", "charity_contact_email", "charity_contact_web",
    "charity_company_registration_number", "charity_insolvent",
    "charity_in_administration", "charity_previously_excepted",
    "charity_is_cdf_or_cif", "charity_is_cio", "cio_is_dissolved",
    "date_cio_dissolution_notice", "charity_activities", "charity_gift_aid",
    "charity_has_land",
]

TOWNS = ["Devizes", "Trowbridge", "Salisbury", "Chippenham", "Marlborough",
         "Warminster", "Melksham", "Calne", "Corsham", "Malmesbury"]
DISTRICTS = ["SN10", "BA14", "SP1", "SN15", "SN8", "BA12", "SN12", "SN11",
             "SN13", "SN16"]
# Letters Royal Mail uses in the second half of a postcode.
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
CAUSES = ["Community Larder", "Scouts", "Youth Trust", "Village Hall",
          "Friends of the Park", "Carers Support", "Heritage Trust",
          "Food Bank", "Age Concern", "Arts Centre", "Wildlife Group",
          "Playgroup", "Church Restoration Fund", "Sports Club", "Hospice"]
STREETS = ["High Street", "Church Lane", "Station Road", "Market Place",
           "Mill Lane", "The Green", "London Road", "Bath Road"]


def rows(count, rng):
    number = 200000
    made = 0
    while made < count:
        number += rng.randint(1, 4)
        # About one main charity in twenty has linked charities.
        linked_count = rng.randint(1, 3) if rng.random() < 0.05 else 0
        for linked in range(linked_count + 1):
            if made == count:
                return
            made += 1
            yield row(made, number, linked, rng)


def row(serial, number, linked, rng):
    town = rng.randrange(len(TOWNS))
    name = f"{TOWNS[town]} {rng.choice(CAUSES)} {serial}"
    if linked:
        name += f" Linked Fund {linked}"
    removed = rng.random() < 0.1
    postcode = (f"{DISTRICTS[town]} {rng.randint(0, 9)}"
                f"{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}")
    slug = f"charity{serial}"
    cells = {
        "date_of_extract": "2026-01-05",
        "organisation_number": str(serial),
        "registered_charity_number": str(number),
        "linked_charity_number": str(linked),
        "charity_name": name,
        "charity_type": rng.choice(["Trust", "CIO", "Charitable company", "Other"]),
        "charity_registration_status": "Removed" if removed else "Registered",
        "date_of_registration": f"{rng.randint(1962, 2025)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        "date_of_removal": "2024-03-31" if removed else "",
        "charity_reporting_status": "Submission Received",
        "latest_acc_fin_period_start_date": "2024-04-01",
        "latest_acc_fin_period_end_date": "2025-03-31",
        "latest_income": f"{rng.randint(0, 2_000_000)}.00",
        "latest_expenditure": f"{rng.randint(0, 2_000_000)}.00",
        "charity_contact_address1": f"{rng.randint(1, 200)} {rng.choice(STREETS)}",
        "charity_contact_address2": "" if rng.random() < 0.5 else "Wiltshire",
        "charity_contact_address3": TOWNS[town],
        "charity_contact_postcode": postcode,
        "charity_contact_phone": f"01{rng.randint(100, 999)} {rng.randint(100000, 999999)}",
        "charity_contact_email": f"info@{slug}.example.org" if rng.random() < 0.4 else "",
        "charity_contact_web": f"www.{slug}.example.org" if rng.random() < 0.3 else "",
        "charity_company_registration_number":
            f"{rng.randint(1, 13_999_999):08d}" if rng.random() < 0.2 else "",
        "charity_insolvent": "False",
        "charity_in_administration": "False",
        "charity_is_cio": "False",
        "charity_activities": f"Helps people in and around {TOWNS[town]}.",
        "charity_gift_aid": "True",
        "charity_has_land": "False",
    }
    return [cells.get(column, "") for column in COLUMNS]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    out = sys.stdout
    out.write("\t".join(COLUMNS) + "\r\n")
    for cells in rows(args.rows, rng):
        out.write("\t".join(cells) + "\r\n")


if __name__ == "__main__":
    main()
