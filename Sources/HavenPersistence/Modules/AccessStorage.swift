import HavenFeatures

/// People, sessions, account links and the forms kept when a session ends.
struct AccessStorage: StorageModule {
    func shelve(on shelf: inout StoreShelf) {
        shelf.shelve(
            PersonStoreKey.self,
            reads: { SQLKitPersonStore(sql: $0.sql, cache: $0.cache, cachedReads: $0.cachedReads, sealer: $0.sealer) },
            store: { SQLKitPersonStore(sql: $0.sql, cache: $0.cache, cachedReads: $0.cachedReads, sealer: $0.sealer) })
        shelf.shelve(
            SessionStoreKey.self,
            reads: { SQLKitSessionStore(sql: $0.sql, cache: $0.cache, cachedReads: $0.cachedReads, sealer: $0.sealer) },
            store: { SQLKitSessionStore(sql: $0.sql, cache: $0.cache, cachedReads: $0.cachedReads, sealer: $0.sealer) })
        shelf.shelve(
            AccountTokenStoreKey.self, reads: { SQLKitAccountTokenStore(sql: $0.sql) },
            store: { SQLKitAccountTokenStore(sql: $0.sql) })
        shelf.shelve(
            KeptFormStoreKey.self, reads: { SQLKitKeptFormStore(sql: $0.sql) },
            store: { SQLKitKeptFormStore(sql: $0.sql) })
    }
}
