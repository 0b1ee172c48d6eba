import Foundation
import Store
import TagmineTestSupport
import Testing
import TextMining
import Workflows

@Suite struct LabelOperationTests {
    @Test func everyVersionReadsBackTheOperationThatMadeItAsRecorded() async throws {
        let catalogue = try await ImportedCatalogue(
            csv: "id,path,tags,mood\nT1,a.wav,\"rock, bright\",calm\nT2,b.wav,\"jazz, gloomy\",dark\n")
        let store = catalogue.store
        let labeling = LabelingWorkflow(store: store)
        let genre = try #require(try await labeling.keywords(map: KeywordMap.named("genre-seed"), author: "t").labelSet)
        let emotion = try #require(
            try await labeling.emotion(
                EmotionRequest(
                    lexicon: try BuiltinLexicons.polarity(), options: PolarityOptions(), selection: .top(1),
                    author: "t")
            ).labelSet)
        let relabeled = try await RelabelWorkflow(store: store).relabel(
            RelabelRequest(
                parent: genre, operations: [.set(track: "T2", classes: [genre.classes[0]], note: nil)], author: "t",
                note: "by ear"))
        let imported = try await store.importLabels(task: "mood", from: .attribute("mood"), author: "t").labelSet

        #expect(genre.recordedOperation == .keywords(map: "builtin:genre-seed", task: "genre", policy: "single"))
        #expect(genre.recordedOperation?.summary == "label-keywords (builtin:genre-seed)")
        guard case .emotion(let lexicon, _, let selection, let unscoredAsZero)? = emotion.recordedOperation else {
            Issue.record("emotion set records \(emotion.operation)")
            return
        }
        #expect(lexicon == "builtin" && selection == .top(1) && !unscoredAsZero)
        #expect(
            relabeled.recordedOperation
                == .relabel(
                    operations: [.set(track: "T2", classes: [genre.classes[0]], note: nil)],
                    summary: "set T2=\(genre.classes[0])", note: "by ear"))
        #expect(imported.recordedOperation == .importLabels(task: "mood", source: "attribute:mood"))
        // What is read back encodes to the very record the store holds.
        for set in [genre, emotion, relabeled, imported] {
            let operation = try #require(set.recordedOperation)
            #expect(try JSONEncoder.sorted.string(operation) == set.operation)
        }
    }
}
