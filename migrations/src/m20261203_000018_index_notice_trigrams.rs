//! Notice search on PostgreSQL indexes the three characters starting at each
//! position instead of pairs (`app::domain::search::trigram_terms`), so that
//! the commonest query words, two and three characters, are answered by the
//! GIN index alone (a prefix, an exact term) instead of by a phrase whose
//! positions PostgreSQL checks in every matching notice's stored terms.
//!
//! - The terms change form: the index is emptied here, and `gmis` writes the
//!   new terms of every notice that has none when it starts
//!   (`app::server::notices::index_missing`: the terms come from the Rust
//!   folding, which SQL cannot repeat).
//! - `notice_search` keeps one row per notice through an exclusion
//!   constraint on a hash index instead of its primary key. A B-tree on
//!   `notice_id` let the planner answer a broad search by walking every row
//!   in id order and reading each notice's terms (about 3 KB, out of line)
//!   — it does not count that reading — instead of using the GIN index; a
//!   hash index serves only lookups of one notice.
//! - `idx_notices_listing` covers what a search reads of each notice (its
//!   visibility and dates), so that joining thousands of matches reads the
//!   index and not the notices with their bodies.
//!
//! SQLite (FTS5 over pairs, within its budget) is left as it is.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        db.execute_unprepared("DELETE FROM notice_search").await?;
        db.execute_unprepared("ALTER TABLE notice_search DROP CONSTRAINT notice_search_pkey").await?;
        db.execute_unprepared("ALTER TABLE notice_search ALTER COLUMN notice_id SET NOT NULL").await?;
        db.execute_unprepared(
            "ALTER TABLE notice_search ADD CONSTRAINT notice_search_one_per_notice EXCLUDE USING hash (notice_id WITH =)",
        )
        .await?;
        db.execute_unprepared(
            "CREATE INDEX idx_notices_listing ON notices (id) INCLUDE (published_at, withdrawn_at, audience, issued_on)",
        )
        .await?;
        Ok(())
    }

    /// Back to pairs: the pair at each position is the first two characters
    /// of the piece there (ASCII words stay whole), so the earlier form is
    /// rebuilt from the stored terms without the notices' texts.
    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX idx_notices_listing").await?;
        for column in ["title", "terms"] {
            db.execute_unprepared(&format!(
                "UPDATE notice_search s SET {column} = COALESCE((
                    SELECT string_agg(format('%L:%s',
                        CASE WHEN u.lexeme ~ '^[a-z0-9]+$' THEN u.lexeme ELSE left(u.lexeme, 2) END,
                        array_to_string(u.positions, ',')), ' ')::tsvector
                    FROM unnest(s.{column}) u), ''::tsvector)"
            ))
            .await?;
        }
        db.execute_unprepared("ALTER TABLE notice_search DROP CONSTRAINT notice_search_one_per_notice").await?;
        db.execute_unprepared("ALTER TABLE notice_search ADD PRIMARY KEY (notice_id)").await?;
        Ok(())
    }
}
