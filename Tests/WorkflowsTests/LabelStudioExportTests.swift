import AudioFeatures
import Foundation
import Learning
import Store
import TagmineTestSupport
import Testing
import TextMining
import Workflows

/// A label version and a run's predictions as Label Studio tasks, for teams that review there.
@Suite struct LabelStudioExportTests {
    @Test func tasksCarryTheVersionsLabelsAndTheRunsPredictionWithItsProbability() async throws {
        let demo = try await ImportedDemoCatalogue(tracks: 30)
        let set = try #require(
            try await LabelingWorkflow(store: demo.store).keywords(map: KeywordMap.named("genre-seed"), author: "t")
                .labelSet)
        _ = try await FeatureWorkflow(store: demo.store).extract(FeatureRequest(spec: ExtractorSpec(.logmelStats)))
        var options = TrainingOptions()
        options.epochs = 5
        let run = try await TrainingWorkflow(store: demo.store).train(
            TrainRequest(labelSet: set, extractor: ExtractorSpec(.logmelStats), options: options, folds: 3, author: "t")
        )
        let out = demo.folder.file("ls")

        #expect(set.name == nil)
        let summary = try await ExportWorkflow(store: demo.store).export(
            ExportRequest(labelSet: set, split: nil, format: .labelstudio, directory: out, run: run))

        #expect(summary.files.map(\.path) == [out + "/tasks.json", out + "/label_config.xml"])
        let tasks = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/tasks.json")))
                as? [[String: Any]])
        #expect(tasks.count == set.labeledTracks)
        let audio = Dictionary(
            uniqueKeysWithValues: try await demo.store.tracks(limit: 100).map { ($0.catalogueID, $0.audioPath) })
        let predicted = Dictionary(
            uniqueKeysWithValues: try await demo.store.predictions(of: run).map { ($0.catalogueID, $0) })
        for task in tasks {
            let data = try #require(task["data"] as? [String: Any])
            let track = try #require(data["track_id"] as? String)
            #expect(data["audio"] as? String == audio[track] ?? nil)
            let predictions = try #require(task["predictions"] as? [[String: Any]])
            func choices(_ prediction: [String: Any]) -> [String]? {
                ((prediction["result"] as? [[String: Any]])?.first?["value"] as? [String: Any])?["choices"]
                    as? [String]
            }
            #expect(
                choices(predictions[0]) == (try await demo.store.labels(of: track, in: set).labels.map(\.className)))
            #expect(predictions[0]["model_version"] as? String == "tagmine label set \(set.id)")
            if let prediction = predicted[track] {
                let best = prediction.predicted
                #expect(predictions.count == 2 && choices(predictions[1]) == [run.classes[best]])
                #expect(abs((predictions[1]["score"] as? Double ?? -1) - Double(prediction.probabilities[best])) < 1e-6)
            } else {
                #expect(predictions.count == 1)
            }
        }
        let config = try String(contentsOfFile: out + "/label_config.xml", encoding: .utf8)
        #expect(config.contains(#"<Choices name="label" toName="audio" choice="single">"#))
        for name in set.classes { #expect(config.contains(#"<Choice value="\#(name)"/>"#)) }
    }
}
