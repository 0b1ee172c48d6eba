import AudioFeatures
import DemoCatalog
import Evaluation
import Foundation
import GRDB
import Learning
import Store
import TagmineTestSupport
import Testing
import TextMining
import Workflows

@Suite struct TrainingTests {
    /// A demo catalogue labeled by genre with logmel-stats features; the first labeled track's file
    /// is gone, so it has none.
    private func labeledDemo(tracks: Int = 40) async throws -> (ImportedDemoCatalogue, LabelSet, DemoTrack) {
        let demo = try await ImportedDemoCatalogue(tracks: tracks)
        let genre = try await LabelingWorkflow(store: demo.store).keywords(
            map: KeywordMap.named("genre-seed"), author: "tester")
        let set = try #require(genre.labelSet)
        var missing: DemoTrack?
        for (index, track) in demo.written.tracks.enumerated() where missing == nil {
            if try await !demo.store.labels(of: track.id, in: set).labels.isEmpty {
                missing = track
                try FileManager.default.removeItem(atPath: demo.audio(index))
            }
        }
        _ = try await FeatureWorkflow(store: demo.store).extract(FeatureRequest(spec: ExtractorSpec(.logmelStats)))
        return (demo, set, try #require(missing))
    }

    private func quick(
        _ set: LabelSet, seed: UInt64 = 42, groupBy: SplitRequest.Grouping? = nil, model: ModelKind = .softmax
    ) -> TrainRequest {
        var options = TrainingOptions.defaults(for: model)
        options.epochs = 20
        options.seed = seed
        return TrainRequest(
            labelSet: set, extractor: ExtractorSpec(.logmelStats), options: options, folds: 4, groupBy: groupBy,
            jobs: 2,
            author: "tester")
    }

    @Test func everyLabeledTrackWithFeaturesGetsOutOfFoldProbabilitiesAndTheRestAreListed() async throws {
        let (demo, set, missing) = try await labeledDemo()

        let run = try await TrainingWorkflow(store: demo.store).train(quick(set, groupBy: .artist))

        let predictions = try await demo.store.predictions(of: run)
        let skipped = try await demo.store.skippedTracks(of: run)
        #expect(run.predictedTracks + run.skippedTracks == set.labeledTracks)
        #expect(predictions.count == run.predictedTracks && run.curves.folds.count == 4)
        #expect(predictions.allSatisfy { (1...4).contains($0.fold) && abs($0.probabilities.reduce(0, +) - 1) < 1e-4 })
        #expect(skipped.map(\.catalogueID) == [missing.id] && skipped[0].reason.hasPrefix("missing-file: no such file"))
        #expect(run.classes == set.classes)
        // Grouped folds: an artist's tracks are predicted by one fold model only.
        let artistOf = Dictionary(uniqueKeysWithValues: demo.written.tracks.map { ($0.id, $0.artist) })
        let foldsPerArtist = Dictionary(grouping: predictions, by: { artistOf[$0.catalogueID] ?? "" }).mapValues {
            Set($0.map(\.fold)).count
        }
        #expect(foldsPerArtist.values.allSatisfy { $0 == 1 })
    }

    /// The MLP, whose initial weights, batches and held-out part the seed draws (L-BFGS softmax
    /// regression draws nothing).
    @Test func theSameSeedTrainsTheSameProbabilitiesAndTheSplitIsReused() async throws {
        let (demo, set, _) = try await labeledDemo(tracks: 24)

        let first = try await TrainingWorkflow(store: demo.store).train(quick(set, model: .mlp))
        let second = try await TrainingWorkflow(store: demo.store).train(quick(set, model: .mlp))
        let reseeded = try await TrainingWorkflow(store: demo.store).train(quick(set, seed: 7, model: .mlp))

        let bits = { (run: Run) in
            try await demo.store.predictions(of: run).flatMap { $0.probabilities.map(\.bitPattern) }
        }
        #expect(try await bits(first) == bits(second))
        #expect(try await bits(first) != bits(reseeded))
        #expect(first.splitID == second.splitID && second.splitID == reseeded.splitID)
    }

    @Test func theRunsModelPredictsFilesAndRunsAreImmutable() async throws {
        let (demo, set, _) = try await labeledDemo(tracks: 24)
        let run = try await TrainingWorkflow(store: demo.store).train(quick(set))

        let model = try await TrainingWorkflow(store: demo.store).model(of: run)
        let prediction = try Predictor(model: model).predict(demo.audio(1))

        #expect(prediction.classes == run.classes && abs(prediction.probabilities.reduce(0, +) - 1) < 1e-4)
        #expect(model.extractor == ExtractorSpec(.logmelStats))
        #expect(throws: DatabaseError.self) {
            try DatabaseQueue(path: demo.store.path).write { try $0.execute(sql: "UPDATE run SET name = 'x'") }
        }
        #expect(throws: DatabaseError.self) {
            try DatabaseQueue(path: demo.store.path).write { try $0.execute(sql: "DELETE FROM run_prediction") }
        }
    }

    @Test func refusesAMatrixExtractorAndAVersionWithoutFeatures() async throws {
        let demo = try await ImportedDemoCatalogue(tracks: 6)
        let genre = try #require(
            try await LabelingWorkflow(store: demo.store).keywords(map: KeywordMap.named("genre-seed"), author: "t")
                .labelSet)
        var matrix = quick(genre)
        matrix.extractor = ExtractorSpec(.logmel)

        let refused = await #expect(throws: StoreError.self) {
            _ = try await TrainingWorkflow(store: demo.store).train(matrix)
        }
        let unextracted = await #expect(throws: StoreError.self) {
            _ = try await TrainingWorkflow(store: demo.store).train(quick(genre))
        }

        #expect(refused?.message.contains("--extractor logmel-stats") == true)
        #expect(refused?.message.hasPrefix("the softmax head takes one vector per track, not a matrix") == true)
        #expect(unextracted?.message.contains("run `tagmine features --extractor logmel-stats` first") == true)
        // Refused before anything was written: no split was made for the refused runs.
        #expect(try await demo.store.split(named: nil, of: genre) == nil)
    }

    @Test func theReportTracesDisputedLabelsToTheirTags() async throws {
        let (demo, set, _) = try await labeledDemo(tracks: 60)
        let run = try await TrainingWorkflow(store: demo.store).train(quick(set))

        let document = try await ReportWorkflow(store: demo.store).document(run, normalization: .truth)

        #expect(document.run.labelSet == set.name ?? "\(set.id)" && document.classes == run.classes)
        #expect(document.report.classes.map(\.support).reduce(0, +) == run.predictedTracks)
        let ids = Set(demo.written.tracks.map(\.id))
        #expect(document.queue.allSatisfy { ids.contains($0.track) })
        let disputedClasses = Set(document.queue.map(\.issue.given))
        #expect(document.traces.count == disputedClasses.count)
        // Every disputed label of the demo comes from a genre tag, so each trace names one.
        let genreWords = [
            "rock", "ロック", "ハードロック", "fusion", "フュージョン", "ジャズフュージョン", "ballad", "バラード",
            "pops", "ポップ", "ポップス", "J-POP", "classical", "クラシック", "クラシカル",
        ]
        #expect(document.traces.allSatisfy { trace in genreWords.contains { trace.contains("the tag \($0)") } })
        #expect(
            document.normalized.allSatisfy { row in abs(row.reduce(0, +) - 1) < 1e-9 || row.allSatisfy { $0 == 0 } })
    }
}
