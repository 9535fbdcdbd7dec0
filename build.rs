//! Rebuilds the binary when a migration is added or changed: `sqlx::migrate!` embeds both
//! folders at compile time, and cargo does not watch them by itself.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=migrations-postgres");
}
