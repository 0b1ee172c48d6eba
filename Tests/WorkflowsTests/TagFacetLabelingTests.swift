import Catalog
import Foundation
import Store
import TagmineTestSupport
import Testing
import TextMining
import Workflows

/// Label versions from tag facets, as MTG-Jamendo writes them.
@Suite struct TagFacetLabelingTests {
    @Test func aFacetsValuesBecomeClassesMultiLabelWhereATrackHasSeveral() async throws {
        let folder = try TemporaryDirectory()
        let store = try Store.create(at: folder.file("tagmine.db"))
        let tsv = try folder.write(
            "autotagging.tsv",
            "TRACK_ID\tARTIST_ID\tALBUM_ID\tPATH\tDURATION\tTAGS\n"
                + "t1\ta1\tb1\t1.mp3\t10\tgenre---rock\tinstrument---guitar\n"
                + "t2\ta1\tb1\t2.mp3\t10\tgenre---rock\tgenre---punk\tmood/theme---energetic\n"
                + "t3\ta2\tb2\t3.mp3\t10\tinstrument---piano\n")
        _ = try await ImportWorkflow(store: store).importCatalog(at: tsv, options: CatalogOptions())
        let workflow = LabelingWorkflow(store: store)

        let values = try await workflow.facetValues("genre", limit: 10)
        let imported = try await workflow.importFacet("Genre", task: "genre", author: "t")
        let set = imported.labelSet

        #expect(values == [TagCount(tag: "rock", tracks: 2), TagCount(tag: "punk", tracks: 1)])
        #expect(set.classes == ["punk", "rock"] && set.labeledTracks == 2)
        #expect(try await store.labels(of: "t2", in: set).labels.map(\.className) == ["punk", "rock"])
        #expect(try await store.labels(of: "t3", in: set).labels.isEmpty)
        #expect(set.recordedOperation == .importLabels(task: "genre", source: "facet:genre"))

        let unknown = await #expect(throws: StoreError.self) {
            _ = try await workflow.importFacet("tempo", task: "tempo", author: "t")
        }
        #expect(
            unknown?.message
                == "no tag has the facet 'tempo'; the catalogue's facets are: genre, instrument, mood/theme")
    }
}
