/// Names one module's store, and what each kind of unit of work is given of it: read units
/// its read half, write units the whole store. The persistence layer shelves a maker for each
/// key (`StorageModule`); a key nobody shelved stops Haven at its first use, naming the key.
public protocol StoreKey: Sendable {
    associatedtype Reads: Sendable
    associatedtype Store: Sendable
}

/// A store that append units may add rows to, without reading.
public protocol AppendableStoreKey: StoreKey {
    associatedtype Appends: Sendable
}
