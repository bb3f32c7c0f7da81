//! Moving in from the previous system (SPEC §8, issue 17): reading its
//! export (`docs/legacy-export.md`) and importing it idempotently.
//!
//! - [`text`]: CP932, full-width digits, `2020/12/18` and 和暦 dates.
//! - [`reader`]: one CSV file record by record, with line numbers and limits.
//! - [`units`] / [`memberships`] / [`reports`] / [`sos`]: the checks of one
//!   row of each imported file (and of an SOS request's chain of events).
//! - [`compact`]: what the check keeps of every row of a large file.
//! - [`outcome`]: rejections, the per-file counts, and the files written for
//!   the operator (rejected rows, summary).
//! - [`import`]: the service behind `gmis legacy import`: check everything,
//!   write the rejected rows, then import in committed batches.

pub mod compact;
pub mod import;
pub mod memberships;
pub mod outcome;
pub mod reader;
pub mod reports;
pub mod sos;
pub mod text;
pub mod units;
