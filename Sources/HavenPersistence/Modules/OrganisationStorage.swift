import HavenFeatures

/// The organisation's profile, settings, sites and contacts; approvals and the notices they send.
struct OrganisationStorage: StorageModule {
    func shelve(on shelf: inout StoreShelf) {
        shelf.shelve(
            OrganisationStoreKey.self,
            reads: { SQLKitOrganisationStore(sql: $0.sql, cache: $0.cache, cachedReads: $0.cachedReads) },
            store: { SQLKitOrganisationStore(sql: $0.sql, cache: $0.cache, cachedReads: $0.cachedReads) })
        shelf.shelve(
            ApprovalStoreKey.self, reads: { SQLKitApprovalStore(sql: $0.sql) },
            store: { SQLKitApprovalStore(sql: $0.sql) })
        shelf.shelve(
            NoticeStoreKey.self, reads: { SQLKitNoticeStore(sql: $0.sql) }, store: { SQLKitNoticeStore(sql: $0.sql) })
    }
}
