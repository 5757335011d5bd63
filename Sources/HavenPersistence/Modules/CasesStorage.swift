import HavenFeatures

/// Decisions, actions, delegations and households.
struct CasesStorage: StorageModule {
    func shelve(on shelf: inout StoreShelf) {
        shelf.shelve(
            CaseStoreKey.self, reads: { SQLKitCaseStore(sql: $0.sql, sealer: $0.sealer) },
            store: { SQLKitCaseStore(sql: $0.sql, sealer: $0.sealer) })
    }
}
