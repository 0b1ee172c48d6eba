import Catalog
public import DemoCatalog
public import Store
import Workflows

/// A fresh store in a temporary folder with one CSV catalogue imported: the starting point of the
/// labeling tests.
public struct ImportedCatalogue: Sendable {
    public let folder: TemporaryDirectory
    public let store: Store

    /// Imports `csv` as `tags.csv` into a new store.
    public init(csv: String) async throws {
        folder = try TemporaryDirectory()
        store = try Store.create(at: folder.file("tagmine.db"))
        _ = try await ImportWorkflow(store: store).importCatalog(
            at: try folder.write("tags.csv", csv), options: CatalogOptions())
    }

    /// Imports a generated catalogue of `rows` rows (``SyntheticCatalog`` with `seed`) into a new store.
    public init(syntheticRows rows: Int, seed: UInt64) async throws {
        folder = try TemporaryDirectory()
        let csv = folder.file("synthetic.csv")
        try SyntheticCatalog(seed: seed).writeCSV(rows: rows, to: csv)
        store = try Store.create(at: folder.file("tagmine.db"))
        _ = try await ImportWorkflow(store: store).importCatalog(at: csv, options: CatalogOptions())
    }
}

/// A store with a small generated demo catalogue (audio included) imported.
public struct ImportedDemoCatalogue: Sendable {
    public let folder: TemporaryDirectory
    public let store: Store
    public let written: DemoCatalogue.Written

    /// Writes `tracks` one-second demo tracks and imports their catalogue into a new store.
    public init(tracks: Int = 12) async throws {
        folder = try TemporaryDirectory()
        written = try DemoCatalogue(tracks: tracks, seed: 7, seconds: 1, defects: false).write(to: folder.path)
        store = try Store.create(at: folder.file("tagmine.db"))
        _ = try await ImportWorkflow(store: store).importCatalog(at: written.csv, options: CatalogOptions())
    }

    /// The audio file of track `index`.
    public func audio(_ index: Int) -> String { folder.file(written.tracks[index].path) }
}
