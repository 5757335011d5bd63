import HavenFeatures

/// Concerns, children and addenda; the alerts that take a new concern to the DSL.
struct ConcernsStorage: StorageModule {
    func shelve(on shelf: inout StoreShelf) {
        shelf.shelve(
            ConcernStoreKey.self, reads: { SQLKitConcernStore(sql: $0.sql, sealer: $0.sealer) },
            appends: { SQLKitConcernStore(sql: $0.sql, sealer: $0.sealer) },
            store: { SQLKitConcernStore(sql: $0.sql, sealer: $0.sealer) })
        shelf.shelve(
            AlertStoreKey.self, reads: { SQLKitAlertStore(sql: $0.sql, sealer: $0.sealer) },
            appends: { SQLKitAlertStore(sql: $0.sql, sealer: $0.sealer) },
            store: { SQLKitAlertStore(sql: $0.sql, sealer: $0.sealer) })
    }
}
