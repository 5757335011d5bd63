import HavenFeatures

/// The order of every child's chronology, which every module that draws lines in it adds to.
struct ChronologyStorage: StorageModule {
    func shelve(on shelf: inout StoreShelf) {
        shelf.shelve(
            ChronologyStoreKey.self, reads: { SQLKitChronologyStore(sql: $0.sql) },
            appends: { SQLKitChronologyStore(sql: $0.sql) }, store: { SQLKitChronologyStore(sql: $0.sql) })
    }
}
