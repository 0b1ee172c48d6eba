import Catalog
import Foundation
import Store
import TagmineTestSupport
import Testing
import Workflows

@Suite struct AudioRootTests {
    let folder: TemporaryDirectory
    let store: Store

    init() throws {
        folder = try TemporaryDirectory()
        store = try Store.create(at: folder.file("tagmine.db"))
        try FileManager.default.createDirectory(atPath: folder.file("catalogue"), withIntermediateDirectories: true)
    }

    @Test func anImportMakesItsAudioFolderARootAndNamesTheLinesOutsideEveryRoot() async throws {
        // Given a catalogue whose rows point inside its folder, at a users file, up and out, and by URL
        let csv = try folder.write(
            "catalogue/tags.csv",
            """
            id,path,tags
            T1,audio/a.wav,rock
            E1,/srv/users.toml,rock
            E2,../../escape.wav,pop
            E3,file:///etc/passwd,pop
            T2,,jazz

            """)

        // When it is imported
        let summary = try await ImportWorkflow(store: store).importCatalog(at: csv, options: CatalogOptions())

        // Then its folder is an audio root, and the three escapes are named by line
        #expect(try await store.audioRoots().folders == [folder.file("catalogue")])
        #expect(
            summary.warnings.map(\.description) == [
                "\(csv): 3 audio paths lie outside every audio root (lines 3, 4, 5); the server will not serve "
                    + "them. Import with --audio-root DIR, or add their folder with `tagmine roots add DIR`"
            ])
    }

    @Test func anExplicitAudioRootIsRecordedAndACatalogueWithoutAudioAddsNoRoot() async throws {
        var options = CatalogOptions()
        options.audioRoot = folder.file("media")
        _ = try await ImportWorkflow(store: store).importCatalog(
            at: try folder.write("catalogue/a.csv", "id,path,tags\nT1,x/1.wav,rock\n"), options: options)
        let summary = try await ImportWorkflow(store: store).importCatalog(
            at: try folder.write("catalogue/b.csv", "id,path,tags\nT9,,rock\n"), options: CatalogOptions())
        #expect(try await store.audioRoots().folders == [folder.file("media")])
        #expect(summary.warnings.isEmpty)
    }

    @Test func rootsAreAddedOnceAndRemovingAnUnknownOneNamesTheRoots() async throws {
        #expect(try await store.addAudioRoot(folder.file("one/")))
        #expect(try await !store.addAudioRoot(folder.file("one")))
        let caught = await #expect(throws: StoreError.self) { try await store.removeAudioRoot(folder.file("two")) }
        #expect(caught?.code == .notFound)
        #expect(caught?.message == "\(folder.file("two")) is not an audio root; the roots are: \(folder.file("one"))")
        try await store.removeAudioRoot(folder.file("one"))
        #expect(try await store.audioRoots().folders.isEmpty)
    }
}
