import HavenFeatures

/// The audit log as read back, the record of its verifications, and turns at the background
/// work (the daily check among it) that one server does for all.
struct AuditTrailStorage: StorageModule {
    func shelve(on shelf: inout StoreShelf) {
        shelf.shelve(
            AuditLogKey.self, reads: { SQLKitAuditLogReader(sql: $0.sql) }, store: { SQLKitAuditLogReader(sql: $0.sql) }
        )
        shelf.shelve(
            AuditStatusStoreKey.self, reads: { SQLKitAuditStatusStore(sql: $0.sql) },
            store: { SQLKitAuditStatusStore(sql: $0.sql) })
        shelf.shelve(
            BackgroundTurnStoreKey.self, reads: { SQLKitBackgroundTurnStore(sql: $0.sql) },
            store: { SQLKitBackgroundTurnStore(sql: $0.sql) })
    }
}
