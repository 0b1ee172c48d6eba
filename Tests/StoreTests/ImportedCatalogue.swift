import Catalog
import Store
import TagmineTestSupport

/// A fresh store in a temporary folder with one CSV catalogue imported: the starting point of the
/// labeling tests.
struct ImportedCatalogue {
    let folder: TemporaryDirectory
    let store: Store

    init(csv: String) async throws {
        folder = try TemporaryDirectory()
        store = try Store.create(at: folder.file("tagmine.db"))
        _ = try await store.importCatalog(at: try folder.write("tags.csv", csv), options: CatalogOptions())
    }
}
