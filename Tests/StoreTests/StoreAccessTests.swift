import Catalog
import Foundation
import GRDB
import Store
import TagmineTestSupport
import Testing
import TextMining
import Workflows

@Suite struct StoreAccessTests {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
    }

    @Test func anEmptyFileIsNotMadeIntoAStoreByOpeningIt() throws {
        let path = try folder.write("typo.db", Data())
        let caught = #expect(throws: StoreError.self) { _ = try Store.open(at: path) }
        #expect(caught?.code == .missingStore)
        #expect(
            caught?.message
                == "\(path) is an empty file, not a Tagmine store. Create a store there with `tagmine init --db \(path)`"
        )
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == 0)
    }

    @Test func aReadOnlyStoreServesReadsAndRefusesWritesSayingSo() async throws {
        let created = try Store.create(at: folder.file("tagmine.db"))
        _ = try await ImportWorkflow(store: created).importCatalog(
            at: try folder.write("tags.csv", "id,path,tags\nT1,a.wav,rock\n"), options: CatalogOptions())

        let store = try Store.open(at: created.path, readOnly: true)

        #expect(store.isReadOnly)
        #expect(try await store.trackCount() == 1)
        let caught = await #expect(throws: (any Error).self) {
            _ = try await ImportWorkflow(store: store).importCatalog(
                at: try folder.write("more.csv", "id,path,tags\nT2,b.wav,pop\n"), options: CatalogOptions())
        }
        let classified = caught.flatMap(StoreError.classify)
        #expect(classified?.code == .readOnly)
        #expect(classified?.message.hasPrefix("the store is read-only: nothing was written") == true)
        #expect(try await created.trackCount() == 1)
    }

    @Test func databaseErrorsBecomeMessagesThatSayWhatHappened() {
        let constraint = StoreError.classify(
            DatabaseError(resultCode: .SQLITE_CONSTRAINT, message: "CHECK constraint failed: name <> ''"))
        #expect(constraint?.code == .invalidRequest)
        #expect(
            constraint?.message
                == "the change was refused by the store: CHECK constraint failed: name <> ''; nothing was written")
        let full = StoreError.classify(DatabaseError(resultCode: .SQLITE_FULL))
        #expect(full?.code == .diskFull && full?.message.contains("disk holding the store is full") == true)
        #expect(StoreError.classify(CocoaError(.fileNoSuchFile)) == nil)
    }

    @Test func namesMustHoldSomethingVisible() async throws {
        let catalogue = try await ImportedCatalogue(csv: "id,path,tags\nT1,a.wav,rock\nT2,b.wav,jazz\n")
        let genre = try await LabelingWorkflow(store: catalogue.store).keywords(
            map: KeywordMap.named("genre-seed"), author: "t")
        let set = try #require(genre.labelSet)
        let rock = try #require(set.classes.first)
        for name in ["", "   ", "bad\u{1B}[2Jname"] {
            let caught = await #expect(throws: StoreError.self) {
                _ = try await RelabelWorkflow(store: catalogue.store).relabel(
                    RelabelRequest(
                        parent: set, operations: [.set(track: "T1", classes: [rock], note: nil)], name: name,
                        author: "t"))
            }
            #expect(caught?.code == .invalidRequest, "\(name.debugDescription)")
        }
        for target in ["", " "] {
            let caught = await #expect(throws: StoreError.self) {
                _ = try await RelabelWorkflow(store: catalogue.store).relabel(
                    RelabelRequest(parent: set, operations: [.rename(rock, to: target)], author: "t"))
            }
            #expect(caught?.message == "a class cannot have an empty name")
        }
        let twice = await #expect(throws: StoreError.self) {
            _ = try await RelabelWorkflow(store: catalogue.store).relabel(
                RelabelRequest(
                    parent: set, operations: [.set(track: "T1", classes: [rock, rock], note: nil)], author: "t"))
        }
        #expect(twice?.message == "the classes \(rock)+\(rock) name a class twice")
        #expect(try await catalogue.store.labelSets().count == 1)
    }
}
