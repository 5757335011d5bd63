/// What a module brings to storage: a maker for each of its stores. (Its migrations are listed,
/// one per line, in `HavenMigrations.all`, since their order spans modules.)
public protocol StorageModule: Sendable {
    func shelve(on shelf: inout StoreShelf)
}
