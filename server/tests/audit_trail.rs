#![allow(clippy::expect_used, clippy::unwrap_used)]
//! The audit log's integrity (issue 20 item 4): the hash chain that
//! `gmis audit verify` walks, tampering found at the row it happened, the
//! PostgreSQL trigger refusing UPDATE and DELETE, and concurrent writers
//! that never fork the chain.

mod common;

use app::server::audit::{self, AuditAction, AuditEntry, ChainReport};
use app::server::entities::audit_log;
use common::{HOSPITAL, TestApp};
use sea_orm::{ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, QueryOrder, TransactionTrait};

async fn rows(app: &TestApp) -> Vec<audit_log::Model> {
    audit_log::Entity::find().order_by_asc(audit_log::Column::Id).all(&app.db).await.expect("audit rows")
}

fn is_postgres(app: &TestApp) -> bool {
    app.db.get_database_backend() == DbBackend::Postgres
}

/// An app whose log holds a few rows of real use (logins, a failed one).
async fn app_with_history() -> TestApp {
    let app = TestApp::new().await;
    app.login_cookie(HOSPITAL).await;
    app.login_cookie("DEMPRF22").await;
    app.login(HOSPITAL, "wrong password").await;
    app.login_cookie("DEMADM22").await;
    app
}

#[tokio::test]
async fn an_intact_log_verifies_with_its_row_count() {
    let app = app_with_history().await;
    let count = audit_log::Entity::find().count(&app.db).await.unwrap();
    assert!(count >= 4, "logins were audited: {count}");
    assert!(rows(&app).await.iter().all(|r| r.hash.as_deref().is_some_and(|h| h.len() == 64)));
    assert_eq!(audit::verify(&app.db).await.unwrap(), ChainReport::Intact { rows: count });
}

#[tokio::test]
async fn a_row_changed_in_sql_is_reported_as_the_first_broken_link() {
    let app = app_with_history().await;
    let all = rows(&app).await;
    let victim = &all[1];
    if is_postgres(&app) {
        app.db.execute_unprepared("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only").await.unwrap();
    }
    app.db
        .execute_unprepared(&format!("UPDATE audit_log SET actor_label = 'SOMEONE' WHERE id = {}", victim.id))
        .await
        .unwrap();
    match audit::verify(&app.db).await.unwrap() {
        ChainReport::Broken { id, verified, .. } => {
            assert_eq!(id, victim.id);
            assert_eq!(verified, 1);
        }
        other => panic!("tampering not found: {other:?}"),
    }
}

#[tokio::test]
async fn a_row_removed_in_sql_breaks_the_link_of_the_next_one() {
    let app = app_with_history().await;
    let all = rows(&app).await;
    if is_postgres(&app) {
        app.db.execute_unprepared("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only").await.unwrap();
    }
    app.db.execute_unprepared(&format!("DELETE FROM audit_log WHERE id = {}", all[1].id)).await.unwrap();
    match audit::verify(&app.db).await.unwrap() {
        ChainReport::Broken { id, .. } => assert_eq!(id, all[2].id),
        other => panic!("removal not found: {other:?}"),
    }
}

#[tokio::test]
async fn postgres_refuses_update_delete_and_truncate_of_the_log() {
    let app = app_with_history().await;
    if !is_postgres(&app) {
        return;
    }
    let before = rows(&app).await;
    let id = before[0].id;
    for sql in [
        format!("UPDATE audit_log SET actor_label = 'SOMEONE' WHERE id = {id}"),
        format!("DELETE FROM audit_log WHERE id = {id}"),
        "TRUNCATE audit_log".to_owned(),
    ] {
        let err = app.db.execute_unprepared(&sql).await.expect_err(&sql);
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    assert_eq!(rows(&app).await, before);
    assert!(matches!(audit::verify(&app.db).await.unwrap(), ChainReport::Intact { .. }));
}

#[tokio::test]
async fn concurrent_writers_never_fork_the_chain() {
    let app = app_with_history().await;
    let before = audit_log::Entity::find().count(&app.db).await.unwrap();
    let mut tasks = Vec::new();
    for task in 0..20 {
        let db = app.db.clone();
        tasks.push(tokio::spawn(async move {
            for n in 0..5 {
                let entry = AuditEntry::new(AuditAction::AccessDenied, None, format!("T{task:02}"))
                    .target("user", n.to_string());
                if n % 2 == 0 {
                    // Inside a transaction of the caller's, as the change it records.
                    let txn = db.begin().await.expect("begin");
                    audit::record(&txn, entry).await.expect("record in transaction");
                    txn.commit().await.expect("commit");
                } else {
                    let batch = vec![entry.clone(), entry.clone(), entry];
                    audit::record_all(&db, batch).await.expect("record_all");
                }
            }
        }));
    }
    for task in tasks {
        task.await.expect("task");
    }
    let after = audit_log::Entity::find().count(&app.db).await.unwrap();
    assert_eq!(after - before, 20 * (3 + 2 * 3));
    assert_eq!(audit::verify(&app.db).await.unwrap(), ChainReport::Intact { rows: after });
}

#[tokio::test]
async fn a_large_batch_is_chained_across_its_statements() {
    let app = app_with_history().await;
    let batch: Vec<AuditEntry> = (0..1203)
        .map(|n| AuditEntry::new(AuditAction::ReportSubmitted, Some(1), "DEMHSP22").target("report", n.to_string()))
        .collect();
    audit::record_all(&app.db, batch).await.unwrap();
    let count = audit_log::Entity::find().count(&app.db).await.unwrap();
    assert_eq!(audit::verify(&app.db).await.unwrap(), ChainReport::Intact { rows: count });
}

#[tokio::test]
async fn a_rolled_back_transaction_leaves_the_chain_intact() {
    let app = app_with_history().await;
    let txn = app.db.begin().await.unwrap();
    audit::record(&txn, AuditEntry::new(AuditAction::AccessDenied, None, "GONE")).await.unwrap();
    txn.rollback().await.unwrap();
    audit::record(&app.db, AuditEntry::new(AuditAction::AccessDenied, None, "KEPT")).await.unwrap();
    let all = rows(&app).await;
    assert_eq!(all.last().unwrap().actor_label, "KEPT");
    assert!(all.iter().all(|r| r.actor_label != "GONE"));
    assert!(matches!(audit::verify(&app.db).await.unwrap(), ChainReport::Intact { .. }));
}

#[tokio::test]
async fn rows_written_before_the_chain_existed_are_chained_by_the_migration() {
    use migration::{Migrator, MigratorTrait};
    let app = app_with_history().await;
    // Back to the log without hashes, as on a database before this release,
    // with rows written then (sub-microsecond times as SQLite kept them).
    // Undo the chain's migration and every later one.
    let names: Vec<String> = Migrator::migrations().iter().map(|m| m.name().to_owned()).collect();
    let chain = names.iter().position(|n| n == "m20261204_000024_audit_chain").expect("the chain's migration");
    Migrator::down(&app.db, Some((names.len() - chain) as u32)).await.unwrap();
    app.db
        .execute_unprepared(
            "INSERT INTO audit_log (at, actor_user_id, actor_label, action, outcome, target_kind, target_id, detail, ip) \
             VALUES ('2026-11-30 01:02:03.123456789+00:00', 7, 'OLDROW01', 'account.unlocked', 'ok', 'user', '7', \
             '{\"reason\":\"電話\"}', '10.0.0.1')",
        )
        .await
        .unwrap();
    Migrator::up(&app.db, None).await.unwrap();
    let count = audit_log::Entity::find().count(&app.db).await.unwrap();
    assert_eq!(audit::verify(&app.db).await.unwrap(), ChainReport::Intact { rows: count });
    // New rows continue the chain.
    app.login_cookie(HOSPITAL).await;
    let count = audit_log::Entity::find().count(&app.db).await.unwrap();
    assert_eq!(audit::verify(&app.db).await.unwrap(), ChainReport::Intact { rows: count });
}
