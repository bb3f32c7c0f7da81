//! Prefectures (all 47, inserted here), municipalities, facilities,
//! consultation centres, aggregators and their dated memberships.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// JIS X 0401 codes and names, in code order.
const PREFECTURES: [&str; 47] = [
    "北海道",
    "青森県",
    "岩手県",
    "宮城県",
    "秋田県",
    "山形県",
    "福島県",
    "茨城県",
    "栃木県",
    "群馬県",
    "埼玉県",
    "千葉県",
    "東京都",
    "神奈川県",
    "新潟県",
    "富山県",
    "石川県",
    "福井県",
    "山梨県",
    "長野県",
    "岐阜県",
    "静岡県",
    "愛知県",
    "三重県",
    "滋賀県",
    "京都府",
    "大阪府",
    "兵庫県",
    "奈良県",
    "和歌山県",
    "鳥取県",
    "島根県",
    "岡山県",
    "広島県",
    "山口県",
    "徳島県",
    "香川県",
    "愛媛県",
    "高知県",
    "福岡県",
    "佐賀県",
    "長崎県",
    "熊本県",
    "大分県",
    "宮崎県",
    "鹿児島県",
    "沖縄県",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Prefectures::Table)
                    .col(char_len(Prefectures::Code, 2).primary_key())
                    .col(string_len(Prefectures::Name, 8))
                    .to_owned(),
            )
            .await?;
        let mut insert = Query::insert();
        insert.into_table(Prefectures::Table).columns([Prefectures::Code, Prefectures::Name]);
        for (i, name) in PREFECTURES.iter().enumerate() {
            insert.values_panic([format!("{:02}", i + 1).into(), (*name).into()]);
        }
        manager.exec_stmt(insert).await?;

        manager
            .create_table(
                Table::create()
                    .table(Municipalities::Table)
                    .col(char_len(Municipalities::Code, 6).primary_key())
                    .col(char_len(Municipalities::PrefectureCode, 2))
                    .col(string_len(Municipalities::Name, 64))
                    .foreign_key(&mut fk(
                        Municipalities::Table,
                        Municipalities::PrefectureCode,
                        Prefectures::Table,
                        Prefectures::Code,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Facilities::Table)
                    .col(pk_auto(Facilities::Id))
                    .col(char_len_uniq(Facilities::MedicalCode, 10))
                    .col(string_len(Facilities::Kind, 16))
                    .col(string_len(Facilities::Name, 200))
                    .col(char_len(Facilities::PrefectureCode, 2))
                    .col(char_len_null(Facilities::MunicipalityCode, 6))
                    .col(string_len_null(Facilities::PostalCode, 8))
                    .col(string_len(Facilities::Address, 300))
                    .col(string_len_null(Facilities::Email, 254))
                    .col(integer_null(Facilities::Beds))
                    .col(date_null(Facilities::DesignatedFrom))
                    .col(timestamp_with_time_zone(Facilities::CreatedAt))
                    .foreign_key(&mut fk(
                        Facilities::Table,
                        Facilities::PrefectureCode,
                        Prefectures::Table,
                        Prefectures::Code,
                    ))
                    .foreign_key(&mut fk(
                        Facilities::Table,
                        Facilities::MunicipalityCode,
                        Municipalities::Table,
                        Municipalities::Code,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_facilities_prefecture")
                    .table(Facilities::Table)
                    .col(Facilities::PrefectureCode)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ConsultationCentres::Table)
                    .col(pk_auto(ConsultationCentres::Id))
                    .col(string_len(ConsultationCentres::Name, 200))
                    .col(char_len(ConsultationCentres::PrefectureCode, 2))
                    .col(char_len_null(ConsultationCentres::MunicipalityCode, 6))
                    .col(string_len_null(ConsultationCentres::Email, 254))
                    .col(timestamp_with_time_zone(ConsultationCentres::CreatedAt))
                    .foreign_key(&mut fk(
                        ConsultationCentres::Table,
                        ConsultationCentres::PrefectureCode,
                        Prefectures::Table,
                        Prefectures::Code,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Aggregators::Table)
                    .col(pk_auto(Aggregators::Id))
                    .col(string_len(Aggregators::Name, 200))
                    .col(char_len(Aggregators::PrefectureCode, 2))
                    .col(string_len_null(Aggregators::Email, 254))
                    .col(timestamp_with_time_zone(Aggregators::CreatedAt))
                    .foreign_key(&mut fk(
                        Aggregators::Table,
                        Aggregators::PrefectureCode,
                        Prefectures::Table,
                        Prefectures::Code,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AggregatorMemberships::Table)
                    .col(pk_auto(AggregatorMemberships::Id))
                    .col(integer(AggregatorMemberships::AggregatorId))
                    .col(integer(AggregatorMemberships::FacilityId))
                    .col(date(AggregatorMemberships::ValidFrom))
                    // Open-ended while the membership lasts; the last day it applies otherwise.
                    .col(date_null(AggregatorMemberships::ValidTo))
                    .foreign_key(&mut fk(
                        AggregatorMemberships::Table,
                        AggregatorMemberships::AggregatorId,
                        Aggregators::Table,
                        Aggregators::Id,
                    ))
                    .foreign_key(&mut fk(
                        AggregatorMemberships::Table,
                        AggregatorMemberships::FacilityId,
                        Facilities::Table,
                        Facilities::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_memberships_facility")
                    .table(AggregatorMemberships::Table)
                    .col(AggregatorMemberships::FacilityId)
                    .col(AggregatorMemberships::ValidFrom)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_memberships_aggregator")
                    .table(AggregatorMemberships::Table)
                    .col(AggregatorMemberships::AggregatorId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AggregatorMemberships::Table.into_iden(),
            Aggregators::Table.into_iden(),
            ConsultationCentres::Table.into_iden(),
            Facilities::Table.into_iden(),
            Municipalities::Table.into_iden(),
            Prefectures::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

/// A named foreign key `fk_<from>_<column>`.
pub(crate) fn fk(
    from: impl IntoIden,
    column: impl IntoIden,
    to: impl IntoIden,
    to_column: impl IntoIden,
) -> ForeignKeyCreateStatement {
    let (from, column) = (from.into_iden(), column.into_iden());
    ForeignKey::create().name(format!("fk_{from}_{column}")).from(from, column).to(to, to_column).to_owned()
}

#[derive(DeriveIden)]
pub(crate) enum Prefectures {
    Table,
    Code,
    Name,
}

#[derive(DeriveIden)]
pub(crate) enum Municipalities {
    Table,
    Code,
    PrefectureCode,
    Name,
}

#[derive(DeriveIden)]
pub(crate) enum Facilities {
    Table,
    Id,
    MedicalCode,
    Kind,
    Name,
    PrefectureCode,
    MunicipalityCode,
    PostalCode,
    Address,
    Email,
    Beds,
    DesignatedFrom,
    CreatedAt,
}

#[derive(DeriveIden)]
pub(crate) enum ConsultationCentres {
    Table,
    Id,
    Name,
    PrefectureCode,
    MunicipalityCode,
    Email,
    CreatedAt,
}

#[derive(DeriveIden)]
pub(crate) enum Aggregators {
    Table,
    Id,
    Name,
    PrefectureCode,
    Email,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AggregatorMemberships {
    Table,
    Id,
    AggregatorId,
    FacilityId,
    ValidFrom,
    ValidTo,
}
