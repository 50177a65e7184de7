//! Table tests of who may do what.

use super::*;

const HERE: CompactId = CompactId(1);
const ELSEWHERE: CompactId = CompactId(2);
const OURS: OrganisationId = OrganisationId(10);
const THEIRS: OrganisationId = OrganisationId(11);

fn viewer(role: Role, compact: CompactId) -> Viewer {
    let org = role.acts_for_an_organisation().then_some(OURS);
    Viewer::account(vec![Grant::new(compact, role, org).unwrap()])
}

#[test]
fn funding_is_recorded_by_the_secretariat_and_the_funders_officers() {
    let member_of_theirs =
        Viewer::account(vec![Grant::new(HERE, Role::Member, Some(THEIRS)).unwrap()]);
    // (viewer, funder, may record, may read)
    let cases = [
        (Viewer::public(), OURS, false, true),
        (Viewer::account(vec![]), OURS, false, true),
        (Viewer::operator(), OURS, true, true),
        (viewer(Role::Secretariat, HERE), OURS, true, true),
        (viewer(Role::Secretariat, HERE), THEIRS, true, true),
        (viewer(Role::Secretariat, ELSEWHERE), OURS, false, true),
        (viewer(Role::Group, HERE), OURS, false, true),
        (viewer(Role::Officer, HERE), OURS, true, true),
        (viewer(Role::Officer, HERE), THEIRS, false, true),
        (viewer(Role::Officer, ELSEWHERE), OURS, false, true),
        // The recipient's members read; they do not write the funder's record.
        (viewer(Role::Member, HERE), OURS, false, true),
        (member_of_theirs, OURS, false, true),
    ];
    assert!(!viewer(Role::Member, HERE).may_record_any_funding(HERE));
    assert!(!viewer(Role::Group, HERE).may_record_any_funding(HERE));
    assert!(viewer(Role::Officer, HERE).may_record_any_funding(HERE));
    assert!(!viewer(Role::Officer, ELSEWHERE).may_record_any_funding(HERE));
    for (i, (v, funder, record, read)) in cases.into_iter().enumerate() {
        assert_eq!(
            v.may_record_funding(HERE, funder),
            record,
            "case {i}: record"
        );
        assert_eq!(v.may_read_funding(HERE), read, "case {i}: read");
        if record {
            assert!(v.may_record_any_funding(HERE), "case {i}: any");
        }
    }
}

/// Who may sign an organisation up, change its details or its champion,
/// in its home Compact and in another it signed up to.
#[test]
fn register_decisions_follow_the_table() {
    use SignUpRoute::*;
    // (role, sign-up route for us, for them, change our details at
    // home, change our details elsewhere, change our champion)
    type Row = (
        Option<Role>,
        Option<SignUpRoute>,
        Option<SignUpRoute>,
        bool,
        bool,
        bool,
    );
    let table: [Row; 5] = [
        (None, None, None, false, false, false),
        (
            Some(Role::Secretariat),
            Some(Record),
            Some(Record),
            true,
            false,
            true,
        ),
        (Some(Role::Group), None, None, false, false, false),
        (Some(Role::Officer), Some(Request), None, true, true, true),
        (Some(Role::Member), Some(Request), None, true, true, true),
    ];
    for (role, ours, theirs, home, away, champion) in table {
        let v = role.map_or_else(Viewer::public, |r| viewer(r, HERE));
        assert_eq!(v.sign_up_route(HERE, OURS), ours, "{role:?} signs us up");
        assert_eq!(
            v.sign_up_route(HERE, THEIRS),
            theirs,
            "{role:?} signs them up"
        );
        assert_eq!(
            v.may_change_details(HERE, OURS, HERE),
            home,
            "{role:?} details at home"
        );
        assert_eq!(
            v.may_change_details(HERE, OURS, ELSEWHERE),
            away,
            "{role:?} details away"
        );
        assert_eq!(
            v.may_change_champion(HERE, OURS),
            champion,
            "{role:?} champion"
        );
        assert!(!v.may_change_champion(HERE, THEIRS) || role == Some(Role::Secretariat));
    }
    let operator = Viewer::operator();
    assert_eq!(operator.sign_up_route(HERE, THEIRS), Some(Record));
    assert!(operator.may_change_details(HERE, THEIRS, ELSEWHERE));
    assert!(operator.may(ELSEWHERE, Action::ReadAuditLog));
}

/// Who may lead, see drafts of, respond to and read responses of a
/// consultation led by OURS (a public body when `public`), with a
/// response from THEIRS.
#[test]
fn consultation_decisions_follow_the_table() {
    // (role and organisation, lead when public, lead when not, see
    // drafts, respond for THEIRS (VCSE), respond for THEIRS (not
    // VCSE), read THEIRS' response, read an unnamed response)
    type Row = (Option<(Role, OrganisationId)>, [bool; 7]);
    let table: [Row; 7] = [
        (None, [false; 7]),
        (
            Some((Role::Secretariat, OURS)),
            [true, false, true, false, false, true, true],
        ),
        (Some((Role::Group, OURS)), [false; 7]),
        (
            Some((Role::Officer, OURS)),
            [true, false, true, false, false, true, true],
        ),
        // An officer of another body: neither lead nor reader.
        (
            Some((Role::Officer, THEIRS)),
            [false, false, false, false, false, true, false],
        ),
        // A member of the lead is not its officer.
        (Some((Role::Member, OURS)), [false; 7]),
        (
            Some((Role::Member, THEIRS)),
            [false, false, false, true, false, true, false],
        ),
    ];
    for (who, expected) in table {
        let v = match who {
            None => Viewer::public(),
            Some((role, org)) => Viewer::account(vec![Grant::new(
                HERE,
                role,
                role.acts_for_an_organisation().then_some(org),
            )
            .unwrap()]),
        };
        let got = [
            v.may_lead_consultation(HERE, OURS, true),
            v.may_lead_consultation(HERE, OURS, false),
            v.may_see_consultation_drafts(HERE, OURS),
            v.may_respond_for(HERE, THEIRS, true),
            v.may_respond_for(HERE, THEIRS, false),
            v.may_read_response(HERE, OURS, Some(THEIRS)),
            v.may_read_response(HERE, OURS, None),
        ];
        assert_eq!(got, expected, "{who:?}");
        // Nothing carries over to another Compact.
        let none = [
            v.may_lead_consultation(ELSEWHERE, OURS, true),
            v.may_see_consultation_drafts(ELSEWHERE, OURS),
            v.may_respond_for(ELSEWHERE, THEIRS, true),
            v.may_read_response(ELSEWHERE, OURS, Some(THEIRS)),
        ];
        assert_eq!(none, [false; 4], "{who:?} elsewhere");
    }
    let operator = Viewer::operator();
    assert!(operator.may_lead_consultation(HERE, OURS, true));
    assert!(!operator.may_lead_consultation(HERE, OURS, false));
    // The operator records responses, it does not send them.
    assert!(!operator.may_respond_for(HERE, THEIRS, true));
}

#[test]
fn roles_read_back_from_their_names() {
    for role in Role::ALL {
        assert_eq!(role.as_str().parse::<Role>(), Ok(role));
    }
    assert!("admin".parse::<Role>().is_err());
}

#[test]
fn officers_and_members_must_name_their_organisation() {
    assert_eq!(
        Grant::new(HERE, Role::Officer, None),
        Err(GrantError::OrganisationMissing(Role::Officer))
    );
    assert_eq!(
        Grant::new(HERE, Role::Secretariat, Some(OURS)),
        Err(GrantError::OrganisationNotExpected(Role::Secretariat))
    );
}

/// Every role against every action, in its own Compact and another.
#[test]
fn each_role_may_do_exactly_what_the_table_says() {
    use Action::*;
    let actions = [
        ("read public", ReadPublic),
        ("read all findings", ReadAllFindings),
        ("read our findings", ReadOrganisationFindings(OURS)),
        ("read their findings", ReadOrganisationFindings(THEIRS)),
        ("read audit log", ReadAuditLog),
        ("administer", Administer),
        ("act for us", ActFor(OURS)),
        ("act for them", ActFor(THEIRS)),
        ("read champion contacts", ReadChampionContacts),
    ];
    // Rows follow `actions`; true where the role may, in its own Compact.
    let table: [(Option<Role>, [bool; 9]); 5] = [
        (
            None,
            [true, false, false, false, false, false, false, false, false],
        ),
        (
            Some(Role::Secretariat),
            [true, true, true, true, true, true, true, true, true],
        ),
        (
            Some(Role::Group),
            [true, true, true, true, false, false, false, false, true],
        ),
        (
            Some(Role::Officer),
            [true, false, true, false, false, false, true, false, true],
        ),
        (
            Some(Role::Member),
            [true, false, true, false, false, false, true, false, true],
        ),
    ];
    for (role, allowed) in table {
        for ((name, action), expected) in actions.iter().zip(allowed) {
            let here = role.map_or_else(Viewer::public, |r| viewer(r, HERE));
            assert_eq!(here.may(HERE, *action), expected, "{role:?} may {name}");
            // A grant in another Compact gives nothing here but what the
            // public has.
            let elsewhere = role.map_or_else(Viewer::public, |r| viewer(r, ELSEWHERE));
            assert_eq!(
                elsewhere.may(HERE, *action),
                matches!(action, ReadPublic),
                "{role:?} of another Compact may {name}"
            );
        }
    }
}

#[test]
fn who_may_see_a_finding() {
    use crate::rules::{RuleId, Severity, Subject};
    let compact = CompactId(1);
    let (raised_by, against, outsider) =
        (OrganisationId(10), OrganisationId(11), OrganisationId(12));
    let finding = |record: RecordRef, confidential: bool| Finding {
        rule: RuleId::ALL[0],
        severity: Severity::Breach,
        subject: Subject {
            record,
            label: "x".into(),
        },
        context: None,
        date: crate::Date::from_ymd_opt(2026, 3, 31).unwrap(),
        dates: Vec::new(),
        explanation: String::new(),
        confidential,
    };
    let grant = |role: Role, organisation: Option<OrganisationId>| {
        Viewer::account(vec![Grant {
            compact,
            role,
            organisation,
        }])
    };
    let elsewhere = Viewer::account(vec![Grant {
        compact: CompactId(2),
        role: Role::Secretariat,
        organisation: None,
    }]);
    let known = DisputeId(5);
    let unknown = DisputeId(6);
    let parties = |id: DisputeId| (id == known).then_some((raised_by, against));
    let public = finding(RecordRef::Compact("wiltshire".into()), false);
    let dispute = finding(RecordRef::Dispute(known), true);
    let other_dispute = finding(RecordRef::Dispute(unknown), true);
    let confidential_not_dispute = finding(RecordRef::Compact("wiltshire".into()), true);
    // (viewer, finding, may see)
    let table = [
        (Viewer::public(), &public, true),
        (Viewer::public(), &dispute, false),
        (Viewer::account(Vec::new()), &dispute, false),
        (grant(Role::Secretariat, None), &dispute, true),
        (grant(Role::Secretariat, None), &other_dispute, true),
        (grant(Role::Group, None), &dispute, true),
        (grant(Role::Group, None), &confidential_not_dispute, true),
        (grant(Role::Member, Some(raised_by)), &dispute, true),
        (grant(Role::Officer, Some(against)), &dispute, true),
        (grant(Role::Member, Some(outsider)), &dispute, false),
        (grant(Role::Member, Some(raised_by)), &other_dispute, false),
        (
            grant(Role::Member, Some(raised_by)),
            &confidential_not_dispute,
            false,
        ),
        (elsewhere.clone(), &dispute, false),
        (elsewhere, &public, true),
    ];
    for (i, (viewer, f, expected)) in table.into_iter().enumerate() {
        assert_eq!(
            may_see_finding(&viewer, compact, f, parties),
            expected,
            "row {i}"
        );
    }
}
