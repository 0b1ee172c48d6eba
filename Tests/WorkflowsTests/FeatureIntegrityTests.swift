import AudioFeatures
import Catalog
import DemoCatalog
import Foundation
import GRDB
import Learning
import Store
import TagmineTestSupport
import Testing
import TextMining
import Workflows

/// Feature rows of the wrong shape or with non-finite values, as a bad shard or a broken extractor
/// would leave them: refused by `features merge`, and never trained on silently.
@Suite struct FeatureIntegrityTests {
    let spec = ExtractorSpec(.logmelStats)

    /// Overwrites one track's stored features with `values`.
    private func corrupt(_ store: Store, track: String, with values: [Float]) throws {
        try DatabaseQueue(path: store.path).write { db in
            try db.execute(
                sql: """
                    UPDATE feature SET columns = ?, data = ?
                    WHERE track_id = (SELECT id FROM track WHERE catalogue_id = ?)
                    """,
                arguments: [values.count, FeatureBlob.littleEndianBytes(values), track])
        }
    }

    private func shard(of demo: ImportedDemoCatalogue) async throws -> Store {
        let other = try Store.create(at: demo.folder.file("shard.db"))
        _ = try await ImportWorkflow(store: other).importCatalog(at: demo.written.csv, options: CatalogOptions())
        _ = try await FeatureWorkflow(store: other).extract(FeatureRequest(spec: spec))
        return other
    }

    @Test func mergeRefusesAStoreWithARowOfAnotherWidthNamingTheTrack() async throws {
        let demo = try await ImportedDemoCatalogue(tracks: 4)
        _ = try await FeatureWorkflow(store: demo.store).extract(FeatureRequest(spec: spec, shard: Shard("1/2")))
        let before = try await demo.store.features(for: spec).count
        let other = try await shard(of: demo)
        let victim = demo.written.tracks[3].id
        try corrupt(other, track: victim, with: [Float](repeating: 0.5, count: 300))

        let caught = await #expect(throws: StoreError.self) {
            _ = try await demo.store.mergeFeatures(from: [other.path])
        }

        #expect(caught?.code == .invalidRequest)
        #expect(
            caught?.message.hasPrefix(
                "\(other.path): track '\(victim)' has 300 values of logmel-stats features where the others have 512 values; nothing was merged"
            ) == true)
        #expect(try await demo.store.features(for: spec).count == before)
    }

    @Test func mergeRefusesNonFiniteFeatures() async throws {
        let demo = try await ImportedDemoCatalogue(tracks: 3)
        let other = try await shard(of: demo)
        let victim = demo.written.tracks[1].id
        try corrupt(other, track: victim, with: [Float.nan] + [Float](repeating: 0, count: 511))

        let caught = await #expect(throws: StoreError.self) {
            _ = try await demo.store.mergeFeatures(from: [other.path])
        }

        #expect(
            caught?.message.hasPrefix("\(other.path): track '\(victim)' has non-finite logmel-stats features") == true)
        #expect(try await demo.store.features(for: spec).isEmpty)
    }

    private func labeled(_ demo: ImportedDemoCatalogue) async throws -> LabelSet {
        _ = try await FeatureWorkflow(store: demo.store).extract(FeatureRequest(spec: spec))
        return try #require(
            try await LabelingWorkflow(store: demo.store).keywords(map: KeywordMap.named("genre-seed"), author: "t")
                .labelSet)
    }

    private func request(_ set: LabelSet) -> TrainRequest {
        var options = TrainingOptions()
        options.epochs = 5
        return TrainRequest(labelSet: set, extractor: spec, options: options, folds: 2, author: "t")
    }

    /// The labeled tracks of `set`, in catalogue order.
    private func labeledTracks(_ demo: ImportedDemoCatalogue, _ set: LabelSet) async throws -> [String] {
        var tracks: [String] = []
        for track in demo.written.tracks where try await !demo.store.labels(of: track.id, in: set).labels.isEmpty {
            tracks.append(track.id)
        }
        return tracks
    }

    @Test func oneStrayRowDoesNotDecideTheWidthAndIsSkippedWithWhy() async throws {
        let demo = try await ImportedDemoCatalogue(tracks: 24)
        let set = try await labeled(demo)
        let tracks = try await labeledTracks(demo, set)
        try corrupt(demo.store, track: tracks[0], with: [Float](repeating: 1, count: 300))

        let run = try await TrainingWorkflow(store: demo.store).train(request(set))

        #expect(run.predictedTracks == tracks.count - 1)
        let skipped = try await demo.store.skippedTracks(of: run)
        #expect(skipped.map(\.catalogueID) == [tracks[0]])
        #expect(skipped.first?.reason == "300 feature values where the others have 512")
    }

    @Test func trainingRefusesToStoreARunWhenMostTracksHaveAnotherWidth() async throws {
        let demo = try await ImportedDemoCatalogue(tracks: 12)
        let set = try await labeled(demo)
        let tracks = try await labeledTracks(demo, set)
        // A third of the tracks each of three widths: no width has most of them.
        for (index, track) in tracks.enumerated() {
            try corrupt(demo.store, track: track, with: [Float](repeating: 1, count: [300, 200, 100][index % 3]))
        }

        let caught = await #expect(throws: StoreError.self) {
            _ = try await TrainingWorkflow(store: demo.store).train(request(set))
        }

        #expect(caught?.message.contains("have logmel-stats features of another width than the rest") == true)
        #expect(caught?.message.contains("no run was stored") == true)
        #expect(try await demo.store.runs().isEmpty)
    }

    @Test func trainingNamesTheTracksWithNonFiniteFeatures() async throws {
        let demo = try await ImportedDemoCatalogue(tracks: 12)
        let set = try await labeled(demo)
        let tracks = try await labeledTracks(demo, set)
        try corrupt(demo.store, track: tracks[1], with: [Float.infinity] + [Float](repeating: 0, count: 511))

        let caught = await #expect(throws: StoreError.self) {
            _ = try await TrainingWorkflow(store: demo.store).train(request(set))
        }

        #expect(
            caught?.message.hasPrefix(
                "1 tracks have non-finite logmel-stats features (NaN or infinity): '\(tracks[1])'") == true)
        #expect(try await demo.store.runs().isEmpty)
    }
}
