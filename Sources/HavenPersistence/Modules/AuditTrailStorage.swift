import HavenFeatures

/// The audit log as read back, and the record of its verifications.
struct AuditTrailStorage: StorageModule {
    func shelve(on shelf: inout StoreShelf) {
        shelf.shelve(
            AuditLogKey.self, reads: { SQLKitAuditLogReader(sql: $0.sql) }, store: { SQLKitAuditLogReader(sql: $0.sql) }
        )
        shelf.shelve(
            AuditStatusStoreKey.self, reads: { SQLKitAuditStatusStore(sql: $0.sql) },
            store: { SQLKitAuditStatusStore(sql: $0.sql) })
    }
}
