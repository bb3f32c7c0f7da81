//! Demo data for `gmis seed-demo` and the tests: two prefectures, three
//! municipalities, hospitals, clinics (ten entered through a medical
//! association), a consultation centre, and one account per role.
//! Running it again changes nothing.

use crate::domain::error::AppError;
use crate::domain::jurisdiction::FacilityKind;
use crate::domain::roles::Role;
use crate::server::accounts::new_user;
use crate::server::auth::Passwords;
use crate::server::entities::{aggregator, centre, facility, faq, membership, notice, user};
use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveValue::NotSet, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set, TransactionTrait};

/// The password of every demo account (printed by the run command).
pub const DEMO_PASSWORD: &str = "demo-password-2026";

/// A demo account: login ID, role, and who it is.
pub struct DemoAccount {
    pub login_id: &'static str,
    pub role: Role,
    pub name: &'static str,
}

/// The demo accounts, one per role (two facilities: a hospital and a clinic).
pub const DEMO_ACCOUNTS: &[DemoAccount] = &[
    DemoAccount { login_id: "DEMHSP22", role: Role::Facility, name: "東京中央病院" },
    DemoAccount { login_id: "DEMCLN22", role: Role::Facility, name: "千代田内科クリニック" },
    DemoAccount { login_id: "DEMAGG22", role: Role::Aggregator, name: "新宿区医師会" },
    DemoAccount { login_id: "DEMCTR22", role: Role::ConsultationCentre, name: "新宿区受診・相談センター" },
    DemoAccount { login_id: "DEMMUN22", role: Role::Municipality, name: "新宿区 健康部" },
    DemoAccount { login_id: "DEMPRF22", role: Role::Prefecture, name: "東京都 福祉保健局" },
    DemoAccount { login_id: "DEMHLP22", role: Role::Helpdesk, name: "G-MIS ヘルプデスク" },
    DemoAccount { login_id: "DEMADM22", role: Role::MinistryAdmin, name: "厚生労働省 医政局" },
];

struct DemoFacility {
    code: &'static str,
    kind: FacilityKind,
    name: &'static str,
    municipality: &'static str,
    address: &'static str,
    beds: Option<i32>,
    designated: bool,
}

const FACILITIES: &[DemoFacility] = &[
    DemoFacility {
        code: "1310000011",
        kind: FacilityKind::Hospital,
        name: "東京中央病院",
        municipality: "131016",
        address: "東京都千代田区丸の内9-9-1",
        beds: Some(420),
        designated: true,
    },
    DemoFacility {
        code: "1310000029",
        kind: FacilityKind::Hospital,
        name: "新宿総合病院",
        municipality: "131041",
        address: "東京都新宿区西新宿9-9-2",
        beds: Some(310),
        designated: true,
    },
    DemoFacility {
        code: "2710000015",
        kind: FacilityKind::Hospital,
        name: "大阪みなと医療センター",
        municipality: "271004",
        address: "大阪府大阪市港区9-9-3",
        beds: Some(250),
        designated: false,
    },
    DemoFacility {
        code: "1310000037",
        kind: FacilityKind::Clinic,
        name: "千代田内科クリニック",
        municipality: "131016",
        address: "東京都千代田区神田9-9-4",
        beds: None,
        designated: true,
    },
    DemoFacility {
        code: "1310000045",
        kind: FacilityKind::Clinic,
        name: "新宿こどもクリニック",
        municipality: "131041",
        address: "東京都新宿区高田馬場9-9-5",
        beds: None,
        designated: true,
    },
    DemoFacility {
        code: "1310000053",
        kind: FacilityKind::Clinic,
        name: "神楽坂ファミリークリニック",
        municipality: "131041",
        address: "東京都新宿区神楽坂9-9-6",
        beds: None,
        designated: true,
    },
];

/// More member clinics of 新宿区医師会 (codes 1310000100…), so that the
/// association's grid shows a realistic day of ten clinics.
const MEMBER_CLINICS: &[&str] = &[
    "西新宿駅前内科",
    "大久保ファミリー診療所",
    "戸山こどもクリニック",
    "四谷三丁目医院",
    "落合内科・呼吸器科",
    "早稲田通りクリニック",
    "新大久保発熱外来クリニック",
    "信濃町駅前診療所",
];

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// Inserts the demo data unless it is there already. Returns whether it
/// inserted anything.
/// How long demo accounts that must have a second factor may postpone it.
pub const DEMO_SECOND_FACTOR_GRACE: chrono::Duration = chrono::Duration::days(365);

pub async fn seed_demo(
    db: &DatabaseConnection,
    passwords: &Passwords,
    now: chrono::DateTime<Utc>,
) -> Result<bool, AppError> {
    if user::Entity::find().filter(user::Column::LoginId.eq(DEMO_ACCOUNTS[0].login_id)).one(db).await?.is_some() {
        return Ok(false);
    }
    let hash = passwords.hash(DEMO_PASSWORD.to_owned()).await?;
    let txn = db.begin().await?;

    let mut facility_ids = Vec::new();
    for f in FACILITIES {
        let res = facility::Entity::insert(facility::ActiveModel {
            id: NotSet,
            medical_code: Set(f.code.into()),
            kind: Set(f.kind),
            name: Set(f.name.into()),
            prefecture_code: Set(f.code[..2].into()),
            municipality_code: Set(Some(f.municipality.into())),
            postal_code: Set(None),
            address: Set(f.address.into()),
            email: Set(None),
            beds: Set(f.beds),
            designated_from: Set(f.designated.then(|| date(2026, 1, 4))),
            created_at: Set(now),
        })
        .exec(&txn)
        .await?;
        facility_ids.push(res.last_insert_id);
    }

    let centre_id = centre::Entity::insert(centre::ActiveModel {
        id: NotSet,
        name: Set("新宿区受診・相談センター".into()),
        prefecture_code: Set("13".into()),
        municipality_code: Set(Some("131041".into())),
        email: Set(None),
        created_at: Set(now),
    })
    .exec(&txn)
    .await?
    .last_insert_id;

    let aggregator_id = aggregator::Entity::insert(aggregator::ActiveModel {
        id: NotSet,
        name: Set("新宿区医師会".into()),
        prefecture_code: Set("13".into()),
        email: Set(None),
        created_at: Set(now),
    })
    .exec(&txn)
    .await?
    .last_insert_id;
    let mut member_ids = vec![facility_ids[4], facility_ids[5]];
    for (i, name) in MEMBER_CLINICS.iter().enumerate() {
        let res = facility::Entity::insert(facility::ActiveModel {
            id: NotSet,
            medical_code: Set(format!("13100001{i:02}")),
            kind: Set(FacilityKind::Clinic),
            name: Set((*name).into()),
            prefecture_code: Set("13".into()),
            municipality_code: Set(Some("131041".into())),
            postal_code: Set(None),
            address: Set(format!("東京都新宿区百人町9-{}", i + 10)),
            email: Set(None),
            beds: Set(None),
            designated_from: Set(Some(date(2026, 1, 4))),
            created_at: Set(now),
        })
        .exec(&txn)
        .await?;
        member_ids.push(res.last_insert_id);
    }
    // 新宿こどもクリニック, 神楽坂ファミリークリニック and the clinics above
    // report through the association.
    for facility_id in member_ids {
        membership::Entity::insert(membership::ActiveModel {
            id: NotSet,
            aggregator_id: Set(aggregator_id),
            facility_id: Set(facility_id),
            valid_from: Set(date(2026, 4, 1)),
            valid_to: Set(None),
        })
        .exec_without_returning(&txn)
        .await?;
    }

    for (i, a) in DEMO_ACCOUNTS.iter().enumerate() {
        let email = Some(format!("{}@demo.gmis.example", a.login_id.to_lowercase()));
        let mut row = new_user(a.login_id, a.role, a.name, email, Some(hash.clone()), now);
        match a.role {
            Role::Facility => row.facility_id = Set(Some(if i == 0 { facility_ids[0] } else { facility_ids[3] })),
            Role::Aggregator => row.aggregator_id = Set(Some(aggregator_id)),
            Role::ConsultationCentre => row.centre_id = Set(Some(centre_id)),
            Role::Municipality => row.municipality_code = Set(Some("131041".into())),
            Role::Prefecture => row.prefecture_code = Set(Some("13".into())),
            Role::Helpdesk | Role::MinistryAdmin => {}
        }
        // Demo officers and administrators may postpone their second factor
        // for a year (a banner says so), so that the README's demo logins
        // and the end-to-end specs keep signing in with a password alone.
        if a.role.requires_second_factor() {
            row.second_factor_due = Set(Some(now + DEMO_SECOND_FACTOR_GRACE));
        }
        user::Entity::insert(row).exec_without_returning(&txn).await?;
    }
    seed_notices(&txn, now).await?;
    txn.commit().await?;
    Ok(true)
}

/// Published notices (newest first on the home page) and FAQ entries, by
/// the demo administrator.
async fn seed_notices(txn: &impl sea_orm::ConnectionTrait, now: chrono::DateTime<Utc>) -> Result<(), AppError> {
    use crate::domain::notices::Audience;
    let admin = user::Entity::find()
        .filter(user::Column::LoginId.eq("DEMADM22"))
        .one(txn)
        .await?
        .ok_or_else(|| crate::server::errors::internal("seed", "no admin"))?
        .id;
    let facilities = Audience::of(&[Role::Facility, Role::Aggregator, Role::Prefecture, Role::Municipality]);
    for (days_ago, title, office, category, audience, body) in DEMO_NOTICES {
        let at = now - chrono::Duration::days(*days_ago);
        let audience = if *audience { Audience::EVERYONE } else { facilities };
        let row = notice::Entity::insert(notice::ActiveModel {
            id: NotSet,
            title: Set((*title).into()),
            body: Set((*body).into()),
            office: Set((*office).into()),
            issued_on: Set(crate::domain::time::japan_date(at)),
            category: Set(category.code().into()),
            audience: Set(audience.0),
            published_at: Set(Some(at)),
            withdrawn_at: Set(None),
            withdrawn_reason: Set(None),
            created_by: Set(admin),
            created_at: Set(at),
            updated_at: Set(at),
            // Published before anyone could ask for a mail.
            mailed_at: Set(Some(at)),
        })
        .exec(txn)
        .await?;
        crate::server::notices::index(txn, row.last_insert_id, title, body).await?;
    }
    // Each entry on top of the one before, as if made one after the other.
    for ((category, question, answer), position) in DEMO_FAQS.iter().zip(1..) {
        faq::Entity::insert(faq::ActiveModel {
            id: NotSet,
            category: Set(category.code().into()),
            question: Set((*question).into()),
            answer: Set((*answer).into()),
            source_message_id: Set(None),
            created_by: Set(admin),
            created_at: Set(now),
            position: Set(position),
            revision: Set(0),
            retired_at: Set(None),
            updated_at: Set(None),
            updated_by: Set(None),
        })
        .exec_without_returning(txn)
        .await?;
    }
    Ok(())
}

/// (days ago, title, office, category, for everyone (else facilities and
/// local governments), body).
type DemoNotice = (i64, &'static str, &'static str, crate::domain::notices::Category, bool, &'static str);

const DEMO_NOTICES: &[DemoNotice] = &[
    (
        20,
        "G-MISのログインIDとパスワードの管理について",
        "医政局 医療情報担当参事官室",
        crate::domain::notices::Category::System,
        true,
        "# ログインIDの管理\nログインIDは施設ごとに1つです。職員の間で共有する場合も、パスワードを紙に書いて掲示しないでください。\n\n# パスワードを忘れたとき\n- ログイン画面の「パスワードを忘れた方」から再設定のメールを送れます。\n- メールの有効期限は60分です。",
    ),
    (
        9,
        "医療物資（サージカルマスク・N95等マスク）の緊急配布について",
        "医政局 経済課",
        crate::domain::notices::Category::Administrative,
        false,
        "在庫が7日分を下回る医療機関は、G-MISの「緊急配布要請（SOS）」から要請してください。\n\n1. 週次調査で在庫と使用量を入力します。\n2. 在庫日数が赤く表示された物資について要請します。\n\n**13時までの要請**はその日の審査に入ります。",
    ),
    (
        3,
        "病床確保計画の見直しについて（通知）",
        "医政局 地域医療計画課",
        crate::domain::notices::Category::Notice,
        false,
        "# 趣旨\n各都道府県においては、確保病床数と即応病床数の見直しをお願いします。\n\n# 報告のお願い\n医療機関は日次報告で、入院患者数と確保病床の使用状況を正確に入力してください。\n詳細は[厚生労働省のページ](https://www.mhlw.go.jp/)を参照してください。",
    ),
];

/// (category, question, answer).
const DEMO_FAQS: &[(crate::domain::inquiries::Category, &str, &str)] = &[
    (
        crate::domain::inquiries::Category::Login,
        "パスワードを忘れてログインできません",
        "ログイン画面の「パスワードを忘れた方」からログインIDを入力すると、登録されたメールアドレスに再設定の案内が届きます。メールアドレスが未登録の場合は、お問い合わせからご連絡ください。",
    ),
    (
        crate::domain::inquiries::Category::Reporting,
        "送信した日次報告の数字を直したい",
        "報告画面で対象の日を選び、数字を直して理由を入力すると修正できます。修正前の値は履歴に残ります。",
    ),
];
