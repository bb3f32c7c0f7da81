//! Webhooks (SPEC §8): endpoints that prefectures, municipalities and
//! associations register, and the outbox of deliveries to them. A delivery
//! row is written in the same transaction as its event; (subscription,
//! event) is unique, so an event is delivered once per subscription however
//! many instances run.

use crate::m20261124_000001_create_jurisdictions::fk;
use crate::m20261124_000002_create_accounts::Users;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WebhookSubscriptions::Table)
                    .col(pk_auto(WebhookSubscriptions::Id))
                    .col(integer(WebhookSubscriptions::UserId))
                    .col(string_len(WebhookSubscriptions::Url, 2000))
                    // Space-separated event types.
                    .col(string_len(WebhookSubscriptions::Events, 200))
                    // The signing secret (whsec_…): needed to sign, so kept.
                    .col(string_len(WebhookSubscriptions::Secret, 100))
                    // What the owner sees, fixed at registration: a prefecture
                    // or municipality code, or an association.
                    .col(string_len_null(WebhookSubscriptions::AreaCode, 6))
                    .col(integer_null(WebhookSubscriptions::AggregatorId))
                    .col(timestamp_with_time_zone(WebhookSubscriptions::CreatedAt))
                    // Set at the first failure in a row, cleared by a success.
                    .col(timestamp_with_time_zone_null(WebhookSubscriptions::FailingSince))
                    .col(timestamp_with_time_zone_null(WebhookSubscriptions::DisabledAt))
                    .col(timestamp_with_time_zone_null(WebhookSubscriptions::DeletedAt))
                    .foreign_key(
                        &mut fk(WebhookSubscriptions::Table, WebhookSubscriptions::UserId, Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WebhookDeliveries::Table)
                    .col(pk_auto(WebhookDeliveries::Id))
                    .col(integer(WebhookDeliveries::SubscriptionId))
                    // The Standard Webhooks message id (msg_…), the same on every attempt.
                    .col(string_len(WebhookDeliveries::EventId, 40))
                    .col(string_len(WebhookDeliveries::EventType, 40))
                    .col(text(WebhookDeliveries::Payload))
                    .col(timestamp_with_time_zone(WebhookDeliveries::CreatedAt))
                    // pending, delivered, failed (gave up).
                    .col(string_len(WebhookDeliveries::State, 16))
                    .col(integer(WebhookDeliveries::Attempts))
                    .col(timestamp_with_time_zone(WebhookDeliveries::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(WebhookDeliveries::ClaimedUntil))
                    .col(integer_null(WebhookDeliveries::LastStatus))
                    .col(string_len_null(WebhookDeliveries::LastError, 500))
                    .col(timestamp_with_time_zone_null(WebhookDeliveries::DeliveredAt))
                    .foreign_key(
                        &mut fk(
                            WebhookDeliveries::Table,
                            WebhookDeliveries::SubscriptionId,
                            WebhookSubscriptions::Table,
                            WebhookSubscriptions::Id,
                        )
                        .on_delete(ForeignKeyAction::Cascade)
                        .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_webhook_deliveries_event")
                    .table(WebhookDeliveries::Table)
                    .col(WebhookDeliveries::SubscriptionId)
                    .col(WebhookDeliveries::EventId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_webhook_deliveries_due")
                    .table(WebhookDeliveries::Table)
                    .col(WebhookDeliveries::State)
                    .col(WebhookDeliveries::NextAttemptAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(WebhookDeliveries::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(WebhookSubscriptions::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum WebhookSubscriptions {
    Table,
    Id,
    UserId,
    Url,
    Events,
    Secret,
    AreaCode,
    AggregatorId,
    CreatedAt,
    FailingSince,
    DisabledAt,
    DeletedAt,
}

#[derive(DeriveIden)]
enum WebhookDeliveries {
    Table,
    Id,
    SubscriptionId,
    EventId,
    EventType,
    Payload,
    CreatedAt,
    State,
    Attempts,
    NextAttemptAt,
    ClaimedUntil,
    LastStatus,
    LastError,
    DeliveredAt,
}
