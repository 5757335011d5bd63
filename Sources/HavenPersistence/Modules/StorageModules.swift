/// Every module's stores, one line each. A new module adds its line here.
enum StorageModules {
    static let all: [any StorageModule] = [
        AccessStorage(),
        OrganisationStorage(),
        ConcernsStorage(),
        CasesStorage(),
        AuditTrailStorage(),
        ChronologyStorage(),
    ]

    static let shelf = StoreShelf(all)
}
