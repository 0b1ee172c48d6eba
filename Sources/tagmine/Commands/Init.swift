import ArgumentParser
import Store

struct Init: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create a store (or migrate an existing one).")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let created = try Store.create(at: store.path)
        let migrations = try await created.appliedMigrations()
        print("Store ready at \(created.path) (schema: \(migrations.joined(separator: ", ")))")
    }
}
