//! Names for sample records: places in each Compact's area, causes, people.

use compact_core::definition::OrganisationKind;

pub(super) const PLACES_BY_COMPACT: &[(&str, &[&str])] = &[
    (
        "wiltshire",
        &[
            "Trowbridge",
            "Salisbury",
            "Chippenham",
            "Devizes",
            "Marlborough",
            "Melksham",
            "Warminster",
            "Calne",
            "Corsham",
            "Westbury",
            "Malmesbury",
            "Tidworth",
            "Amesbury",
            "Bradford on Avon",
            "Royal Wootton Bassett",
        ],
    ),
    (
        "blackpool",
        &[
            "Bispham",
            "Layton",
            "Marton",
            "Anchorsholme",
            "Talbot",
            "Claremont",
            "Squires Gate",
            "Hawes Side",
            "Norbreck",
            "Brunswick",
            "Victoria",
            "Waterloo",
        ],
    ),
    (
        "warrington",
        &[
            "Padgate",
            "Great Sankey",
            "Penketh",
            "Birchwood",
            "Latchford",
            "Stockton Heath",
            "Orford",
            "Westbrook",
            "Culcheth",
            "Lymm",
            "Burtonwood",
            "Woolston",
        ],
    ),
    (
        "wigan",
        &[
            "Leigh",
            "Ashton-in-Makerfield",
            "Hindley",
            "Standish",
            "Golborne",
            "Atherton",
            "Tyldesley",
            "Orrell",
            "Ince",
            "Pemberton",
            "Abram",
            "Aspull",
        ],
    ),
    (
        "wales",
        &[
            "Llandrindod Wells",
            "Builth Wells",
            "Newtown",
            "Welshpool",
            "Brecon",
            "Machynlleth",
            "Knighton",
            "Llanidloes",
            "Crickhowell",
            "Hay-on-Wye",
            "Rhayader",
            "Presteigne",
        ],
    ),
];
pub(super) const GENERIC_PLACES: &[&str] = &[
    "Northfield",
    "Southgate",
    "Eastwood",
    "Westbury",
    "Hillside",
    "Riverside",
    "Oakley",
    "Ashford",
];

pub(super) const CAUSES: &[&str] = &[
    "Community Larder",
    "Carers Network",
    "Youth Project",
    "Men's Shed",
    "Food Bank",
    "Credit Union",
    "Dementia Friends",
    "Refugee Welcome",
    "Arts Collective",
    "Community Transport",
    "Mental Health Forum",
    "Parent Support Group",
    "Befriending Service",
    "Allotment Society",
    "Sports Club",
    "Women's Centre",
    "Disability Forum",
    "Advice Centre",
    "Heritage Trust",
    "Wildlife Group",
    "Music Hub",
    "Hospice at Home",
    "Lunch Club",
    "Repair Café",
];

pub(super) const KINDS: &[(OrganisationKind, &str, u32)] = &[
    (OrganisationKind::Charity, "", 40),
    (OrganisationKind::VoluntaryOrganisation, "", 15),
    (OrganisationKind::CommunityGroup, "", 20),
    (
        OrganisationKind::ResidentsAssociation,
        "Residents' Association",
        6,
    ),
    (OrganisationKind::SocialEnterprise, "CIC", 8),
    (OrganisationKind::CooperativeOrMutual, "Co-operative", 4),
    (OrganisationKind::FaithGroup, "Churches Together", 7),
];

pub(super) const FIRST_NAMES: &[&str] = &[
    "Amira", "Tom", "Bethan", "Priya", "Gareth", "Hannah", "Kwame", "Siobhan", "Dylan", "Mei",
    "Joseph", "Rhiannon", "Omar", "Claire", "Aled", "Fatima",
];
pub(super) const SURNAMES: &[&str] = &[
    "Khan", "Price", "Evans", "Patel", "Jones", "Okafor", "Smith", "Murphy", "Williams", "Chen",
    "Brown", "Hughes", "Ahmed", "Taylor",
];
