import AudioFeatures
import Catalog
import DemoCatalog
import Foundation
import GRDB
import Store
import TagmineTestSupport
import Testing
import TextMining
import Workflows

@Suite struct FeatureExtractionTests {
    let spec = ExtractorSpec(.logmelStats)

    @Test func extractsEveryTrackOnceThenSkipsWhatIsCurrentAndRedoesWhatChanged() async throws {
        let demo = try await ImportedDemoCatalogue()

        let first = try await FeatureWorkflow(store: demo.store).extract(FeatureRequest(spec: spec, jobs: 2))
        let second = try await FeatureWorkflow(store: demo.store).extract(FeatureRequest(spec: spec, jobs: 2))
        try AudioWriter.write(sine(220, rate: 22_050, seconds: 1), sampleRate: 22_050, to: demo.audio(3), as: .wav)
        let third = try await FeatureWorkflow(store: demo.store).extract(FeatureRequest(spec: spec, jobs: 1))

        #expect(first.selected == 12 && first.extracted == 12 && !first.hasFailures)
        #expect(second.current == 12 && second.extracted == 0)
        #expect(third.current == 11 && third.extracted == 1)
        let stored = try await demo.store.features(for: spec)
        #expect(stored.count == 12 && stored.allSatisfy { $0.matrix.columns == 512 })
        let direct = try Extractor(spec).extract(demo.audio(3)).features
        #expect(stored[3].matrix == direct)
    }

    @Test func spectrogramsAreCachedAsFloat16AndVectorsAsFloat32() async throws {
        let demo = try await ImportedDemoCatalogue(tracks: 2)
        let logmel = ExtractorSpec(.logmel)
        _ = try await FeatureWorkflow(store: demo.store).extract(FeatureRequest(spec: logmel))
        _ = try await FeatureWorkflow(store: demo.store).extract(FeatureRequest(spec: spec))
        let stored = try await demo.store.features(for: logmel)
        let direct = try Extractor(logmel).extract(demo.audio(0)).features
        #expect(stored[0].matrix.rows == 128 && stored[0].matrix.columns == direct.columns)
        // Half precision: within 1/32 dB of the extractor's values (they lie within 128 dB of zero).
        let worst = zip(stored[0].matrix.values, direct.values).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst > 0 && worst <= 1.0 / 32)
        let bytes = try await DatabaseQueue(path: demo.store.path).read { db in
            try Int.fetchAll(db, sql: "SELECT length(data) FROM feature ORDER BY extractor_id, track_id")
        }
        #expect(bytes == [2 * direct.values.count, 2 * 128 * (stored[1].matrix.columns), 4 * 512, 4 * 512])
        #expect(
            try await demo.store.features(for: spec)[0].matrix == (try Extractor(spec).extract(demo.audio(0)).features))
    }

    @Test func recordsEachFailureWithItsReasonAndCarriesOn() async throws {
        let demo = try await ImportedDemoCatalogue()
        // Tracks 0, 1 and 5 are WAV files (the demo writes a few as MP3 and FLAC).
        try FileManager.default.removeItem(atPath: demo.audio(0))
        try Data().write(to: URL(fileURLWithPath: demo.audio(1)))
        try "this is a text file, not audio\n".write(toFile: demo.audio(5), atomically: true, encoding: .utf8)
        try AudioWriter.write([Float](repeating: 0, count: 22_050), sampleRate: 22_050, to: demo.audio(4), as: .wav)

        let first = try await FeatureWorkflow(store: demo.store).extract(FeatureRequest(spec: spec))
        let again = try await FeatureWorkflow(store: demo.store).extract(FeatureRequest(spec: spec))

        #expect(first.extracted == 9 && first.failed == 3 && first.silent == 1)
        let failures = try await demo.store.featureFailures(for: spec)
        #expect(failures.map(\.code) == ["missing-file", "empty-file", "unsupported-format"])
        #expect(failures.map(\.catalogueID) == [0, 1, 5].map { demo.written.tracks[$0].id })
        #expect(failures[0].message == "no such file" && failures[0].path == demo.audio(0))
        // Unchanged broken files are not retried; a missing file is looked for again.
        #expect(again.failedBefore == 2 && again.failed == 1 && again.current == 9)
        #expect(again.hasFailures)
    }

    @Test func aFixedFileReplacesItsFailure() async throws {
        let demo = try await ImportedDemoCatalogue(tracks: 3)
        let original = try Data(contentsOf: URL(fileURLWithPath: demo.audio(1)))
        try FileManager.default.removeItem(atPath: demo.audio(1))
        _ = try await FeatureWorkflow(store: demo.store).extract(FeatureRequest(spec: spec))
        try original.write(to: URL(fileURLWithPath: demo.audio(1)))

        let fixed = try await FeatureWorkflow(store: demo.store).extract(FeatureRequest(spec: spec))

        #expect(fixed.extracted == 1 && !fixed.hasFailures)
        #expect(try await demo.store.featureFailures(for: spec).isEmpty)
    }

    @Test func shardsSplitTheTracksAndMergeBringsThemBackTogether() async throws {
        let demo = try await ImportedDemoCatalogue()
        let other = try Store.create(at: demo.folder.file("shard-2.db"))
        _ = try await ImportWorkflow(store: other).importCatalog(at: demo.written.csv, options: CatalogOptions())

        let one = try await FeatureWorkflow(store: demo.store).extract(FeatureRequest(spec: spec, shard: Shard("1/2")))
        let two = try await FeatureWorkflow(store: other).extract(FeatureRequest(spec: spec, shard: Shard("2/2")))
        let merged = try await demo.store.mergeFeatures(from: [other.path])

        #expect(one.selected + two.selected == 12 && one.selected > 0 && two.selected > 0)
        #expect(merged.first?.features == two.extracted)
        let all = try await demo.store.features(for: spec)
        #expect(all.map(\.catalogueID) == demo.written.tracks.map(\.id))
        let fromShard = try await other.features(for: spec)
        #expect(
            all.filter { id in fromShard.contains { $0.catalogueID == id.catalogueID } }.map(\.matrix)
                == fromShard.map(\.matrix))
    }

    @Test func extractsOnlyTheTracksOfALabelSetWhenAsked() async throws {
        let demo = try await ImportedDemoCatalogue()
        let genre = try await LabelingWorkflow(store: demo.store).keywords(
            map: KeywordMap.named("genre-seed"), author: "tester")
        let set = try #require(genre.labelSet)

        let summary = try await FeatureWorkflow(store: demo.store).extract(FeatureRequest(spec: spec, labelSet: set))

        #expect(summary.selected == set.labeledTracks && set.labeledTracks < 12)
    }

    @Test func refusesUnusableParametersBeforeTouchingAnyTrack() async throws {
        let demo = try await ImportedDemoCatalogue(tracks: 2)
        var bad = spec
        bad.mel.nFFT = 1_000_001
        let error = await #expect(throws: StoreError.self) {
            _ = try await FeatureWorkflow(store: demo.store).extract(FeatureRequest(spec: bad))
        }
        #expect(error?.message.contains("n_fft") == true)
    }
}
