import AudioFeatures
import Catalog
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

/// Annotations made in Label Studio come back as a new version.
@Suite struct LabelStudioImportTests {
    @Test func annotationsOfExportedTasksBecomeAManualVersionOfTheParent() async throws {
        let catalogue = try await ImportedCatalogue(
            csv: "id,path,tags\nT1,a.wav,rock\nT2,b.wav,pops\nT3,c.wav,ballad\nT4,d.wav,rock\n")
        let store = catalogue.store
        let parent = try #require(
            try await LabelingWorkflow(store: store).keywords(map: KeywordMap.named("genre-seed"), author: "rules")
                .labelSet)
        let out = catalogue.folder.file("ls")
        _ = try await ExportWorkflow(store: store).export(
            ExportRequest(labelSet: parent, split: nil, format: .labelstudio, directory: out))

        // What Label Studio writes back: ids, and annotations on some tasks (one cancelled).
        var tasks = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/tasks.json")))
                as? [[String: Any]])
        func annotate(_ track: String, _ classes: [String], cancelled: Bool = false) {
            let index = tasks.firstIndex { ($0["data"] as? [String: Any])?["track_id"] as? String == track }!
            tasks[index]["annotations", default: [[String: Any]]()] =
                ((tasks[index]["annotations"] as? [[String: Any]]) ?? []) + [
                    [
                        "completed_by": ["id": 7, "email": "kana@example.com"], "was_cancelled": cancelled,
                        "result": [
                            [
                                "from_name": "label", "to_name": "audio", "type": "choices",
                                "value": ["choices": classes],
                            ]
                        ],
                    ]
                ]
        }
        for index in tasks.indices { tasks[index]["id"] = 100 + index }
        annotate("T2", ["ballad"])
        annotate("T4", ["classical"], cancelled: true)
        func write(_ tasks: [[String: Any]]) throws -> LabelStudioExport {
            let path = catalogue.folder.file("export.json")
            try JSONSerialization.data(withJSONObject: tasks).write(to: URL(fileURLWithPath: path))
            return try LabelStudioExport(path: path)
        }

        let export = try write(tasks)
        let child = try await LabelingWorkflow(store: store).importLabelStudio(
            export, task: "genre", parent: parent, author: nil, fallbackAuthor: "t")

        #expect(export.annotations.count == 1 && export.unannotated == 3)
        #expect(child.parentID == parent.id && child.classes == parent.classes)
        #expect(child.createdBy == "kana@example.com")
        let t2 = try await store.labels(of: "T2", in: child).labels
        #expect(t2.map(\.className) == ["ballad"] && t2.map(\.origin) == [.manual])
        #expect(t2.first?.evidence == .annotation(tool: "Label Studio", task: 101, annotator: "kana@example.com"))
        #expect(try await store.labels(of: "T4", in: child).labels.map(\.className) == ["rock"])
        #expect(try await store.labels(of: "T4", in: child).labels.map(\.origin) == [.inherited])

        // A class the parent lacks, or a track the store lacks, refuses the import naming the task.
        annotate("T3", ["jazz"])
        let unknownClass = await #expect(throws: StoreError.self) {
            _ = try await LabelingWorkflow(store: store).importLabelStudio(
                try write(tasks), task: "genre", parent: parent, author: "t", fallbackAuthor: "t")
        }
        #expect(
            unknownClass?.message.hasSuffix(
                "task 102: class 'jazz' is not one of label set \(parent.id)'s (\(parent.classes.joined(separator: ", ")))"
            ) == true)
        var stranger = tasks
        stranger[2]["annotations"] = nil
        stranger.append([
            "id": 999, "data": ["track_id": "X9"],
            "annotations": [["result": [["type": "choices", "value": ["choices": ["rock"]]]]]],
        ])
        let unknownTrack = await #expect(throws: StoreError.self) {
            _ = try await LabelingWorkflow(store: store).importLabelStudio(
                try write(stranger), task: "genre", parent: parent, author: "t", fallbackAuthor: "t")
        }
        #expect(unknownTrack?.message.contains("task 999: no track 'X9'") == true)
        #expect(try await store.labelSets().count == 2)
    }
}
