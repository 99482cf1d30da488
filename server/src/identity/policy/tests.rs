use uuid::Uuid;

use super::*;
use crate::identity::actor::Membership;

fn org(kind: OrgKind) -> OrgFacts {
    OrgFacts { id: Uuid::now_v7(), kind, status: OrgStatus::Active }
}

fn person(memberships: &[(OrgFacts, Role)]) -> Actor {
    Actor {
        user_id: Uuid::now_v7(),
        email: "someone@example.jp".into(),
        display_name: "someone".into(),
        time_zone: "Asia/Tokyo".into(),
        memberships: memberships
            .iter()
            .map(|(o, role)| Membership {
                organisation_id: o.id,
                organisation_name: "org".into(),
                kind: o.kind,
                status: o.status,
                role: *role,
            })
            .collect(),
    }
}

#[test]
fn a_private_need_is_hidden_from_everyone_but_its_firm_and_the_organiser() {
    let firm = org(OrgKind::UserCompany);
    let other_firm = org(OrgKind::UserCompany);
    let vendor = org(OrgKind::Vendor);
    let organiser = org(OrgKind::Organiser);
    let need = NeedFacts { owner: firm.id, visibility: NeedVisibility::Private, open: true };
    for action in [Action::ViewNeed(need), Action::ViewNeedOwner(need), Action::EditNeed(need)] {
        assert_eq!(decide(None, action), Decision::Hidden);
        assert_eq!(decide(Some(&person(&[(other_firm, Role::Owner)])), action), Decision::Hidden);
        assert_eq!(decide(Some(&person(&[(vendor, Role::Owner)])), action), Decision::Hidden);
        assert_eq!(decide(Some(&person(&[(firm, Role::Member)])), action), Decision::Allow);
    }
    assert_eq!(decide(Some(&person(&[(organiser, Role::Member)])), Action::ViewNeed(need)), Decision::Allow);
    assert_eq!(decide(Some(&person(&[(organiser, Role::Member)])), Action::EditNeed(need)), Decision::Forbidden);
}

#[test]
fn an_anonymous_need_shows_to_vendors_without_its_owner() {
    let firm = org(OrgKind::UserCompany);
    let vendor = person(&[(org(OrgKind::Vendor), Role::Member)]);
    let need = NeedFacts { owner: firm.id, visibility: NeedVisibility::Anonymous, open: true };
    assert_eq!(decide(Some(&vendor), Action::ViewNeed(need)), Decision::Allow);
    assert_eq!(decide(Some(&vendor), Action::ViewNeedOwner(need)), Decision::Hidden);
    assert_eq!(decide(Some(&vendor), Action::EditNeed(need)), Decision::Forbidden);
    let named = NeedFacts { visibility: NeedVisibility::Named, ..need };
    assert_eq!(decide(Some(&vendor), Action::ViewNeedOwner(named)), Decision::Allow);
    let closed = NeedFacts { open: false, ..need };
    assert_eq!(decide(Some(&vendor), Action::ViewNeed(closed)), Decision::Hidden);
    let other_firm = person(&[(org(OrgKind::UserCompany), Role::Owner)]);
    assert_eq!(
        decide(Some(&other_firm), Action::ViewNeed(need)),
        Decision::Hidden,
        "firms do not see each other's needs"
    );
}

#[test]
fn only_verifiers_and_the_organiser_write_verifications_and_never_on_their_own_products() {
    let vendor = org(OrgKind::Vendor);
    let product = ProductFacts { vendor: vendor.id, state: ProductState::Published };
    let action = Action::WriteVerification(product);
    assert_eq!(decide(None, action), Decision::SignIn);
    assert_eq!(decide(Some(&person(&[(vendor, Role::Owner)])), action), Decision::Forbidden);
    assert_eq!(decide(Some(&person(&[(org(OrgKind::UserCompany), Role::Owner)])), action), Decision::Forbidden);
    assert_eq!(decide(Some(&person(&[(org(OrgKind::Verifier), Role::Member)])), action), Decision::Allow);
    assert_eq!(decide(Some(&person(&[(org(OrgKind::Organiser), Role::Member)])), action), Decision::Allow);
    let both = person(&[(vendor, Role::Member), (org(OrgKind::Verifier), Role::Owner)]);
    assert_eq!(decide(Some(&both), action), Decision::Forbidden, "no verifying your own product");
    let pending = OrgFacts { status: OrgStatus::Pending, ..org(OrgKind::Verifier) };
    assert_eq!(decide(Some(&person(&[(pending, Role::Owner)])), action), Decision::Forbidden, "pending verifiers wait");
}

#[test]
fn drafts_are_hidden_outside_their_vendor() {
    let vendor = org(OrgKind::Vendor);
    let draft = ProductFacts { vendor: vendor.id, state: ProductState::Draft };
    assert_eq!(decide(None, Action::ViewProduct(draft)), Decision::Hidden);
    assert_eq!(
        decide(Some(&person(&[(org(OrgKind::Vendor), Role::Owner)])), Action::ViewProduct(draft)),
        Decision::Hidden
    );
    assert_eq!(
        decide(Some(&person(&[(org(OrgKind::Vendor), Role::Owner)])), Action::EditProduct(draft)),
        Decision::Hidden
    );
    assert_eq!(decide(Some(&person(&[(vendor, Role::Member)])), Action::EditProduct(draft)), Decision::Allow);
    let published = ProductFacts { state: ProductState::Published, ..draft };
    assert_eq!(decide(None, Action::ViewProduct(published)), Decision::Allow);
    assert_eq!(
        decide(Some(&person(&[(org(OrgKind::Vendor), Role::Owner)])), Action::EditProduct(published)),
        Decision::Forbidden
    );
    assert_eq!(
        decide(Some(&person(&[(org(OrgKind::UserCompany), Role::Owner)])), Action::CreateProduct(vendor)),
        Decision::Forbidden
    );
}

#[test]
fn nobody_raises_their_own_role_or_kind() {
    let firm = org(OrgKind::UserCompany);
    let admin = person(&[(firm, Role::Admin)]);
    let raise_self =
        Action::ChangeMemberRole { org: firm, target: admin.user_id, current: Role::Admin, new: Role::Owner };
    assert_eq!(decide(Some(&admin), raise_self), Decision::Forbidden);
    let owner = person(&[(firm, Role::Owner)]);
    let owner_self =
        Action::ChangeMemberRole { org: firm, target: owner.user_id, current: Role::Owner, new: Role::Member };
    assert_eq!(decide(Some(&owner), owner_self), Decision::Allow, "stepping down is fine");
    let promote_other =
        Action::ChangeMemberRole { org: firm, target: Uuid::now_v7(), current: Role::Member, new: Role::Owner };
    assert_eq!(decide(Some(&admin), promote_other), Decision::Forbidden, "an admin cannot make owners");
    assert_eq!(decide(Some(&owner), promote_other), Decision::Allow);
    assert_eq!(decide(Some(&admin), Action::InviteMember(firm, Role::Owner)), Decision::Forbidden);
    assert_eq!(decide(Some(&admin), Action::InviteMember(firm, Role::Admin)), Decision::Allow);
    assert_eq!(
        decide(Some(&person(&[(firm, Role::Member)])), Action::InviteMember(firm, Role::Member)),
        Decision::Forbidden
    );

    assert_eq!(decide(Some(&owner), Action::ChangeOrganisationKind(firm)), Decision::Forbidden);
    let organiser_org = org(OrgKind::Organiser);
    let organiser = person(&[(organiser_org, Role::Owner)]);
    assert_eq!(decide(Some(&organiser), Action::ChangeOrganisationKind(firm)), Decision::Allow);
    assert_eq!(decide(Some(&organiser), Action::ChangeOrganisationKind(organiser_org)), Decision::Forbidden);
    assert_eq!(decide(Some(&owner), Action::CreateOrganisation(OrgKind::Organiser)), Decision::Forbidden);
}

#[test]
fn approvals_and_the_console_belong_to_the_organiser() {
    let pending = OrgFacts { status: OrgStatus::Pending, ..org(OrgKind::Vendor) };
    let applicant = person(&[(pending, Role::Owner)]);
    assert_eq!(decide(Some(&applicant), Action::ApproveOrganisation(pending)), Decision::Forbidden, "no self-approval");
    assert_eq!(decide(Some(&applicant), Action::CreateProduct(pending)), Decision::Forbidden, "pending vendors wait");
    assert_eq!(decide(Some(&applicant), Action::ViewOrganisation(pending)), Decision::Allow);
    assert_eq!(decide(None, Action::ViewOrganisation(pending)), Decision::Hidden);
    let organiser = person(&[(org(OrgKind::Organiser), Role::Member)]);
    assert_eq!(decide(Some(&organiser), Action::ApproveOrganisation(pending)), Decision::Allow);
    assert_eq!(decide(Some(&organiser), Action::UseConsole), Decision::Allow);
    assert_eq!(decide(Some(&applicant), Action::UseConsole), Decision::Forbidden);
    assert_eq!(decide(None, Action::UseConsole), Decision::SignIn);
}

#[test]
fn only_people_without_an_organisation_sign_one_up_and_nobody_approves_their_own() {
    let newcomer = person(&[]);
    assert_eq!(decide(Some(&newcomer), Action::CreateOrganisation(OrgKind::Vendor)), Decision::Allow);
    assert_eq!(decide(Some(&newcomer), Action::CreateOrganisation(OrgKind::UserCompany)), Decision::Allow);
    assert_eq!(decide(Some(&newcomer), Action::CreateOrganisation(OrgKind::Organiser)), Decision::Forbidden);
    assert_eq!(decide(None, Action::CreateOrganisation(OrgKind::Vendor)), Decision::SignIn);
    let firm = person(&[(org(OrgKind::UserCompany), Role::Owner)]);
    assert_eq!(
        decide(Some(&firm), Action::CreateOrganisation(OrgKind::Vendor)),
        Decision::Forbidden,
        "one organisation at sign-up"
    );
    let organiser_org = org(OrgKind::Organiser);
    let organiser = person(&[(organiser_org, Role::Owner)]);
    assert_eq!(decide(Some(&organiser), Action::CreateOrganisation(OrgKind::Vendor)), Decision::Forbidden);

    let suspended = OrgFacts { status: OrgStatus::Suspended, ..org(OrgKind::Vendor) };
    let both = person(&[(organiser_org, Role::Member), (suspended, Role::Owner)]);
    assert_eq!(
        decide(Some(&both), Action::ApproveOrganisation(suspended)),
        Decision::Forbidden,
        "not even when suspended"
    );
    assert_eq!(decide(Some(&organiser), Action::ApproveOrganisation(suspended)), Decision::Allow);
}
