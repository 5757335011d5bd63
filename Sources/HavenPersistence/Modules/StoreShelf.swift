import HavenFeatures
import SQLKit

/// What a store is made from: the connection of the unit it serves, the reference cache, and
/// the sealer for case content (R7.4).
/// `cachedReads` is set for read units only: reference data may come from the cache there,
/// never inside the writer.
public struct StoreContext: Sendable {
    let sql: any SQLDatabase
    let cache: ReferenceCache
    let cachedReads: ReferenceCache?
    let sealer: DataSealer
}

/// How to make each module's stores, by key. Filled once, from `StorageModules.all`.
public struct StoreShelf: Sendable {
    typealias Maker = @Sendable (StoreContext) -> any Sendable
    private var reads: [ObjectIdentifier: Maker] = [:]
    private var stores: [ObjectIdentifier: Maker] = [:]
    private var appends: [ObjectIdentifier: Maker] = [:]
    private(set) var keys: [String] = []

    init(_ modules: [any StorageModule]) {
        for module in modules { module.shelve(on: &self) }
    }

    /// Shelves a store: what read units are given, and what write units are given.
    public mutating func shelve<Key: StoreKey>(
        _ key: Key.Type, reads: @escaping @Sendable (StoreContext) -> Key.Reads,
        store: @escaping @Sendable (StoreContext) -> Key.Store
    ) {
        let id = ObjectIdentifier(key)
        precondition(stores[id] == nil, "\(key) is shelved twice")
        self.reads[id] = reads
        stores[id] = store
        keys.append(String(describing: key))
    }

    /// Shelves a store that append units may also add rows to.
    public mutating func shelve<Key: AppendableStoreKey>(
        _ key: Key.Type, reads: @escaping @Sendable (StoreContext) -> Key.Reads,
        appends: @escaping @Sendable (StoreContext) -> Key.Appends,
        store: @escaping @Sendable (StoreContext) -> Key.Store
    ) {
        shelve(key, reads: reads, store: store)
        self.appends[ObjectIdentifier(key)] = appends
    }

    func reads<Key: StoreKey>(_ key: Key.Type, _ context: StoreContext) -> Key.Reads {
        make(key, reads, context) as! Key.Reads
    }

    func store<Key: StoreKey>(_ key: Key.Type, _ context: StoreContext) -> Key.Store {
        make(key, stores, context) as! Key.Store
    }

    func appends<Key: AppendableStoreKey>(_ key: Key.Type, _ context: StoreContext) -> Key.Appends {
        make(key, appends, context) as! Key.Appends
    }

    private func make<Key: StoreKey>(_ key: Key.Type, _ makers: [ObjectIdentifier: Maker], _ context: StoreContext)
        -> any Sendable
    {
        guard let maker = makers[ObjectIdentifier(key)] else {
            preconditionFailure("no store is shelved for \(key): add its module's line to StorageModules.all")
        }
        return maker(context)
    }
}
