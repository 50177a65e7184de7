//! The register's changes: sign-ups recorded, requested and decided,
//! champions changed and withdrawals recorded, each with its audit entry.
//! On SQLite and on PostgreSQL.

mod common;

use chrono::NaiveDate as Date;
use common::compact_with_organisations;
use compact_core::model::{Champion, Signatory};
use compact_core::refusal::Conflict;
use compact_core::register::{SignUp, SignUpRefusal};
use compact_core::*;
use compact_store::audit::actions;
use compact_store::testing::actor;
use compact_store::{
    both_engines, Actor, AuditEntry, AuditFilter, RequestStatus, Store, StoreError,
};

const EDITION: &str = "2015 and beyond";

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::from_ymd_opt(y, m, day).unwrap()
}

fn champion(name: &str, appointed_on: Date) -> Champion {
    Champion {
        name: name.into(),
        role: "Partnerships lead".into(),
        contact: format!("{}@example.org", name.to_lowercase().replace(' ', ".")),
        appointed_on,
        trained_on: None,
    }
}

fn sign_up(signed_on: Date) -> SignUp {
    SignUp {
        signed_on,
        signed_by: "Ruth Adams".into(),
        signer_role: "Chief Executive".into(),
        champion: champion("Omar Hussain", signed_on),
    }
}

/// The newest audit entry.
async fn last_entry(store: &Store) -> AuditEntry {
    let (entries, _) = store
        .audit_entries(&AuditFilter::default(), 1, 1)
        .await
        .unwrap();
    entries.into_iter().next().expect("an audit entry")
}

async fn entry_count(store: &Store) -> u64 {
    store
        .audit_entries(&AuditFilter::default(), 1, 1)
        .await
        .unwrap()
        .1
}

/// The sign-ups of `organisation` in the register of `compact`.
async fn signups(
    store: &Store,
    compact: CompactId,
    organisation: OrganisationId,
) -> Vec<Signatory> {
    store
        .load_register(compact)
        .await
        .unwrap()
        .signatories
        .into_iter()
        .filter(|s| s.organisation == organisation)
        .collect()
}

both_engines!(
    a_sign_up_is_recorded_with_its_audit_entry,
    |store: Store, _url: String| async move {
        let (compact, council, _) = compact_with_organisations(&store, "wiltshire").await;
        let id = store
            .add_signatory(
                compact,
                council,
                &sign_up(d(2026, 1, 15)),
                EDITION,
                &actor(),
            )
            .await
            .unwrap();

        let stored = signups(&store, compact, council).await;
        assert_eq!(stored.len(), 1);
        let s = &stored[0];
        assert_eq!(s.id, id);
        assert_eq!(s.signed_on, d(2026, 1, 15));
        assert_eq!(s.signed_by, "Ruth Adams, Chief Executive");
        assert_eq!(s.edition, EDITION);
        assert_eq!(s.withdrawn_on, None);
        assert_eq!(
            s.champion.as_ref(),
            Some(&champion("Omar Hussain", d(2026, 1, 15)))
        );

        let entry = last_entry(&store).await;
        assert_eq!(entry.action, actions::SIGNATORY_CREATE);
        assert_eq!(entry.compact, Some(compact));
        assert_eq!(entry.subject, format!("organisation:{council}"));
        assert_eq!(entry.actor, actor());
        assert_eq!(entry.before, None);
        let after = entry.after.unwrap();
        assert_eq!(after["signatory"], id.0);
        assert_eq!(after["signed_on"], "2026-01-15");
        assert_eq!(after["signed_by"], "Ruth Adams, Chief Executive");
        assert_eq!(after["champion"]["name"], "Omar Hussain");
        assert!(store.verify_audit().await.unwrap().is_intact());
    }
);

both_engines!(
    a_sign_up_or_request_that_overlaps_another_is_refused_and_leaves_no_entry,
    |store: Store, _url: String| async move {
        let (compact, council, charity) = compact_with_organisations(&store, "wiltshire").await;
        store
            .add_signatory(
                compact,
                council,
                &sign_up(d(2026, 1, 15)),
                EDITION,
                &actor(),
            )
            .await
            .unwrap();
        let entries = entry_count(&store).await;

        let again = store
            .add_signatory(compact, council, &sign_up(d(2026, 2, 1)), EDITION, &actor())
            .await;
        assert!(
            matches!(
                again,
                Err(StoreError::Refused(Conflict::SignUp(SignUpRefusal::AlreadySignedUp { since }))) if since == d(2026, 1, 15)
            ),
            "{again:?}"
        );
        // The charity withdrew on 31 March 2026: a new sign-up dated before
        // that would overlap the old one.
        let early = store
            .add_signatory(compact, charity, &sign_up(d(2026, 3, 1)), EDITION, &actor())
            .await;
        assert!(
            matches!(
                early,
                Err(StoreError::Refused(Conflict::SignUp(SignUpRefusal::BeforeWithdrawal { withdrawn_on }))) if withdrawn_on == d(2026, 3, 31)
            ),
            "{early:?}"
        );
        assert_eq!(entry_count(&store).await, entries, "no entry for a refusal");

        // A request that could never be approved is refused when it is made.
        let member = store
            .create_account("member@example.org", "Mo Member", "hash", &actor())
            .await
            .unwrap();
        let entries = entry_count(&store).await;
        for (organisation, on) in [(council, d(2026, 2, 1)), (charity, d(2026, 3, 1))] {
            let asked = store
                .request_signup(
                    compact,
                    organisation,
                    &sign_up(on),
                    EDITION,
                    member.id,
                    &actor(),
                )
                .await;
            assert!(
                matches!(asked, Err(StoreError::Refused(Conflict::SignUp(_)))),
                "{asked:?}"
            );
        }
        assert!(store
            .signup_requests(compact, None)
            .await
            .unwrap()
            .is_empty());
        assert_eq!(entry_count(&store).await, entries, "no entry for a refusal");
        assert_eq!(signups(&store, compact, council).await.len(), 1);

        // Once withdrawn, an organisation may sign up again.
        store
            .add_signatory(compact, charity, &sign_up(d(2026, 4, 1)), EDITION, &actor())
            .await
            .unwrap();
        assert_eq!(signups(&store, compact, charity).await.len(), 2);
    }
);

both_engines!(
    a_sign_up_of_an_unknown_organisation_is_refused,
    |store: Store, _url: String| async move {
        let (compact, _, _) = compact_with_organisations(&store, "wiltshire").await;
        let result = store
            .add_signatory(
                compact,
                OrganisationId(999_999),
                &sign_up(d(2026, 1, 15)),
                EDITION,
                &actor(),
            )
            .await;
        assert!(
            matches!(result, Err(StoreError::OrganisationNotInCompact { .. })),
            "{result:?}"
        );
    }
);

both_engines!(
    an_approved_request_creates_the_signatory_and_a_refused_one_does_not,
    |store: Store, _url: String| async move {
        let (compact, council, charity) = compact_with_organisations(&store, "wiltshire").await;
        let member = store
            .create_account("member@example.org", "Mo Member", "hash", &actor())
            .await
            .unwrap();
        let secretary = store
            .create_account("sec@example.org", "Sam Sec", "hash", &actor())
            .await
            .unwrap();
        let by_member = Actor::Account(member.id);
        let by_secretary = Actor::Account(secretary.id);

        let asked = store
            .request_signup(
                compact,
                council,
                &sign_up(d(2026, 1, 15)),
                EDITION,
                member.id,
                &by_member,
            )
            .await
            .unwrap();
        let entry = last_entry(&store).await;
        assert_eq!(entry.action, actions::SIGNUP_REQUEST);
        assert_eq!(entry.actor, by_member);
        assert_eq!(entry.subject, format!("organisation:{council}"));
        assert_eq!(entry.after.unwrap()["request"], asked.0);
        assert!(
            signups(&store, compact, council).await.is_empty(),
            "a request is not a sign-up"
        );

        let pending = store
            .signup_requests(compact, Some(RequestStatus::Pending))
            .await
            .unwrap();
        assert_eq!(pending.len(), 1);
        let request = &pending[0];
        assert_eq!(request.id, asked);
        assert_eq!(request.organisation, council);
        assert_eq!(request.organisation_name, "Wiltshire Council");
        assert_eq!(request.requested_by, member.id);
        assert_eq!(request.requested_by_name, "Mo Member");
        assert_eq!(request.sign_up, sign_up(d(2026, 1, 15)));
        assert_eq!(request.edition, EDITION);
        assert_eq!(request.signatory, None);

        let signatory = store
            .decide_signup(
                compact,
                asked,
                true,
                " Welcome aboard ",
                secretary.id,
                &by_secretary,
            )
            .await
            .unwrap()
            .expect("an approval records the sign-up");
        let stored = signups(&store, compact, council).await;
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].id, signatory);
        assert_eq!(stored[0].signed_by, "Ruth Adams, Chief Executive");
        let approved = store.signup_request(compact, asked).await.unwrap().unwrap();
        assert_eq!(approved.status, RequestStatus::Approved);
        assert_eq!(approved.signatory, Some(signatory));
        assert_eq!(approved.decision_note.as_deref(), Some("Welcome aboard"));
        assert!(approved.decided_at.is_some());
        let entry = last_entry(&store).await;
        assert_eq!(entry.action, actions::SIGNUP_APPROVE);
        assert_eq!(entry.actor, by_secretary);
        assert_eq!(entry.before.unwrap()["status"], "pending");
        let after = entry.after.unwrap();
        assert_eq!(after["status"], "approved");
        assert_eq!(after["signatory"], signatory.0);

        // The charity's request is refused: no new sign-up.
        let before = signups(&store, compact, charity).await;
        let refused = store
            .request_signup(
                compact,
                charity,
                &sign_up(d(2026, 4, 2)),
                EDITION,
                member.id,
                &by_member,
            )
            .await
            .unwrap();
        let outcome = store
            .decide_signup(
                compact,
                refused,
                false,
                "Not eligible",
                secretary.id,
                &by_secretary,
            )
            .await
            .unwrap();
        assert_eq!(outcome, None);
        assert_eq!(signups(&store, compact, charity).await, before);
        let request = store
            .signup_request(compact, refused)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(request.status, RequestStatus::Refused);
        assert_eq!(request.signatory, None);
        assert_eq!(last_entry(&store).await.action, actions::SIGNUP_REFUSE);

        assert!(store
            .signup_requests(compact, Some(RequestStatus::Pending))
            .await
            .unwrap()
            .is_empty());
        let all = store.signup_requests(compact, None).await.unwrap();
        assert_eq!(
            all.iter().map(|r| r.id).collect::<Vec<_>>(),
            [refused, asked],
            "newest first"
        );
        assert!(store.verify_audit().await.unwrap().is_intact());
    }
);

both_engines!(
    a_request_cannot_be_decided_twice,
    |store: Store, _url: String| async move {
        let (compact, council, _) = compact_with_organisations(&store, "wiltshire").await;
        let member = store
            .create_account("member@example.org", "Mo Member", "hash", &actor())
            .await
            .unwrap();
        let asked = store
            .request_signup(
                compact,
                council,
                &sign_up(d(2026, 1, 15)),
                EDITION,
                member.id,
                &actor(),
            )
            .await
            .unwrap();
        store
            .decide_signup(compact, asked, true, "", member.id, &actor())
            .await
            .unwrap();
        let entries = entry_count(&store).await;
        for approve in [true, false] {
            let again = store
                .decide_signup(compact, asked, approve, "", member.id, &actor())
                .await;
            assert!(
                matches!(
                    again,
                    Err(StoreError::Refused(Conflict::RequestAlreadyDecided))
                ),
                "{again:?}"
            );
        }
        assert_eq!(entry_count(&store).await, entries);
        assert_eq!(signups(&store, compact, council).await.len(), 1);

        // A request of another Compact, or none at all, is not found.
        let other = store
            .create_compact("swindon", "Swindon", "", &actor())
            .await
            .unwrap();
        let elsewhere = store
            .decide_signup(other, asked, true, "", member.id, &actor())
            .await;
        assert!(
            matches!(elsewhere, Err(StoreError::NoSuchSignupRequest(_))),
            "{elsewhere:?}"
        );
    }
);

both_engines!(
    a_new_champion_keeps_the_old_one_in_the_audit_entry,
    |store: Store, _url: String| async move {
        let (compact, council, _) = compact_with_organisations(&store, "wiltshire").await;
        let signatory = store
            .add_signatory(
                compact,
                council,
                &sign_up(d(2026, 1, 15)),
                EDITION,
                &actor(),
            )
            .await
            .unwrap();
        let mut new = champion("Bea Clarke", d(2026, 2, 1));
        new.trained_on = Some(d(2026, 2, 20));
        store
            .set_champion(compact, signatory, &new, &actor())
            .await
            .unwrap();

        let stored = signups(&store, compact, council).await;
        assert_eq!(stored[0].champion.as_ref(), Some(&new));
        let entry = last_entry(&store).await;
        assert_eq!(entry.action, actions::CHAMPION_SET);
        assert_eq!(entry.subject, format!("organisation:{council}"));
        let before = entry.before.unwrap();
        assert_eq!(before["signatory"], signatory.0);
        assert_eq!(before["name"], "Omar Hussain");
        assert_eq!(before["contact"], "omar.hussain@example.org");
        assert_eq!(before["appointed_on"], "2026-01-15");
        let after = entry.after.unwrap();
        assert_eq!(after["champion"]["name"], "Bea Clarke");
        assert_eq!(after["champion"]["trained_on"], "2026-02-20");

        let missing = store
            .set_champion(compact, SignatoryId(999_999), &new, &actor())
            .await;
        assert!(
            matches!(missing, Err(StoreError::NoSuchSignatory(_))),
            "{missing:?}"
        );
    }
);

both_engines!(
    a_withdrawal_sets_its_date_and_reason_once_and_never_before_the_signing,
    |store: Store, _url: String| async move {
        let (compact, council, _) = compact_with_organisations(&store, "wiltshire").await;
        let signatory = store
            .add_signatory(
                compact,
                council,
                &sign_up(d(2026, 1, 15)),
                EDITION,
                &actor(),
            )
            .await
            .unwrap();

        let early = store
            .withdraw_signatory(compact, signatory, d(2026, 1, 14), "Too soon", &actor())
            .await;
        assert!(
            matches!(early, Err(StoreError::Refused(Conflict::WithdrawalBeforeSigning { signed_on })) if signed_on == d(2026, 1, 15)),
            "{early:?}"
        );

        store
            .withdraw_signatory(
                compact,
                signatory,
                d(2026, 3, 2),
                "  Lost its funding  ",
                &actor(),
            )
            .await
            .unwrap();
        let stored = signups(&store, compact, council).await;
        assert_eq!(stored[0].withdrawn_on, Some(d(2026, 3, 2)));
        assert_eq!(
            stored[0].withdrawal_reason.as_deref(),
            Some("Lost its funding")
        );
        let entry = last_entry(&store).await;
        assert_eq!(entry.action, actions::SIGNATORY_WITHDRAW);
        assert_eq!(entry.subject, format!("organisation:{council}"));
        assert_eq!(
            entry.before.unwrap()["withdrawn_on"],
            serde_json::Value::Null
        );
        let after = entry.after.unwrap();
        assert_eq!(after["withdrawn_on"], "2026-03-02");
        assert_eq!(after["reason"], "Lost its funding");
        let entries = entry_count(&store).await;

        let again = store
            .withdraw_signatory(compact, signatory, d(2026, 3, 5), "Again", &actor())
            .await;
        assert!(
            matches!(again, Err(StoreError::Refused(Conflict::AlreadyWithdrawn { withdrawn_on })) if withdrawn_on == d(2026, 3, 2)),
            "{again:?}"
        );
        assert_eq!(entry_count(&store).await, entries);
        let stored = signups(&store, compact, council).await;
        assert_eq!(stored[0].withdrawn_on, Some(d(2026, 3, 2)), "unchanged");

        let other = store
            .create_compact("swindon", "Swindon", "", &actor())
            .await
            .unwrap();
        let elsewhere = store
            .withdraw_signatory(other, signatory, d(2026, 3, 5), "Wrong Compact", &actor())
            .await;
        assert!(
            matches!(elsewhere, Err(StoreError::NoSuchSignatory(_))),
            "{elsewhere:?}"
        );
    }
);

both_engines!(
    an_organisation_from_another_register_that_signs_up_appears_in_this_one,
    |store: Store, _url: String| async move {
        let (wiltshire, council, charity) = compact_with_organisations(&store, "wiltshire").await;
        let swindon = store
            .create_compact("swindon", "Swindon Compact", "", &actor())
            .await
            .unwrap();
        let before = store.load_register(swindon).await.unwrap();
        assert!(before.organisations.is_empty());

        let signatory = store
            .add_signatory(swindon, charity, &sign_up(d(2026, 4, 1)), EDITION, &actor())
            .await
            .unwrap();

        for records in [
            store.load_register(swindon).await.unwrap(),
            store.load_records(swindon).await.unwrap(),
        ] {
            assert_eq!(
                records
                    .organisations
                    .iter()
                    .map(|o| o.id)
                    .collect::<Vec<_>>(),
                [charity],
                "the charity, and not Wiltshire's council"
            );
            assert_eq!(records.organisations[0].name, "Trowbridge Community Larder");
            assert_eq!(
                records.signatories.iter().map(|s| s.id).collect::<Vec<_>>(),
                [signatory],
                "only Swindon's sign-up, not Wiltshire's"
            );
        }
        // Its home register still holds it, with its own sign-up only.
        let home = store.load_register(wiltshire).await.unwrap();
        assert!(home.organisations.iter().any(|o| o.id == charity));
        assert!(home.organisations.iter().any(|o| o.id == council));
        assert!(home.signatories.iter().all(|s| s.id != signatory));

        assert_eq!(
            store.signups_of(charity).await.unwrap(),
            [
                (
                    "wiltshire".to_string(),
                    "wiltshire".to_string(),
                    d(2024, 2, 29),
                    Some(d(2026, 3, 31))
                ),
                (
                    "swindon".to_string(),
                    "Swindon Compact".to_string(),
                    d(2026, 4, 1),
                    None
                ),
            ]
        );
        assert!(store.signups_of(council).await.unwrap().is_empty());
    }
);
