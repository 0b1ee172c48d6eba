import Catalog
import Foundation
import GRDB
import Store
import TagmineTestSupport
import Testing
import TextMining
import Workflows

@Suite struct SplitAndExportTests {
    let catalogue: ImportedCatalogue
    let genres: LabelSet
    var store: Store { catalogue.store }
    static let classes = ["rock", "pops", "ballad", "classical", "fusion"]

    /// 300 tracks by 30 artists; each artist plays several genres, `classical` is rare.
    init() async throws {
        var csv = "id,path,artist,album,tags,fold\n"
        for index in 0..<300 {
            let genre =
                index % 23 == 0 ? "classical" : Self.classes[(index / 7 + index) % 5 == 3 ? 0 : (index / 7 + index) % 5]
            let fold = index % 10 == 9 ? "" : "\(index % 3 + 1)"
            csv += "t\(index),audio/t\(index).wav,Artist \(index % 30),Album \(index % 60),\(genre),\(fold)\n"
        }
        csv += "=cmd|' /C calc'!A0,audio/evil.wav,\"@SUM(1,2)\",x,\"rock, +danger\",1\n"
        catalogue = try await ImportedCatalogue(csv: csv)
        let map = try KeywordMap.named("genre-seed")
        genres = try #require(
            try await LabelingWorkflow(store: catalogue.store).keywords(map: map, author: "rules").labelSet)
    }

    private func artists() async throws -> [String: String] {
        var artists: [String: String] = [:]
        for track in try await store.tracks(limit: 1_000) { artists[track.catalogueID] = track.artist }
        return artists
    }

    private func partsByTrack(_ split: Split) async throws -> [String: String] {
        var byTrack: [String: String] = [:]
        let ids = Dictionary(uniqueKeysWithValues: try await store.tracks(limit: 1_000).map { ($0.id, $0.catalogueID) })
        for (track, part) in try await store.parts(of: split) { byTrack[ids[track] ?? ""] = part }
        return byTrack
    }

    @Test func groupedHoldoutNeverSplitsAnArtistAndKeepsTheShares() async throws {
        let request = SplitRequest(
            method: .holdout(test: 0.2, validation: 0.1), groupBy: .artist, seed: 7, author: "qa")
        let outcome = try await SplitWorkflow(store: store).split(genres, request)
        let split = outcome.split
        #expect(split.parts == ["train", "validation", "test"])
        let parts = try await partsByTrack(split), artists = try await artists()
        #expect(parts.count == genres.labeledTracks)
        var partOfArtist: [String: Set<String>] = [:]
        for (track, part) in parts { partOfArtist[artists[track] ?? "", default: []].insert(part) }
        #expect(partOfArtist.values.allSatisfy { $0.count == 1 })
        let sizes = Dictionary(grouping: parts.values, by: { $0 }).mapValues(\.count)
        let total = Double(parts.count)
        #expect(abs(Double(sizes["test"] ?? 0) / total - 0.2) < 0.05)
        #expect(abs(Double(sizes["validation"] ?? 0) / total - 0.1) < 0.05)
        for className in ["rock", "pops", "ballad"] {
            let perPart = split.parts.map { split.counts[$0]?[className] ?? 0 }
            #expect(perPart.allSatisfy { $0 > 0 }, "\(className): \(perPart)")
        }
        // The same request gives the same split; another seed another one.
        #expect(try await partsByTrack(SplitWorkflow(store: store).split(genres, request).split) == parts)
        var reseeded = request
        reseeded.seed = 8
        #expect(try await partsByTrack(SplitWorkflow(store: store).split(genres, reseeded).split) != parts)
    }

    @Test func foldsKeepAlbumsTogetherAndWarnAboutTooSmallClasses() async throws {
        let outcome = try await SplitWorkflow(store: store).split(
            genres, SplitRequest(method: .folds(5), groupBy: .album, seed: 1, name: "f5", author: "qa"))
        #expect(outcome.split.parts == ["fold-1", "fold-2", "fold-3", "fold-4", "fold-5"])
        let counts = outcome.split.parts.map { outcome.split.counts[$0]?.values.reduce(0, +) ?? 0 }
        #expect(counts.max()! - counts.min()! <= 8, "\(counts)")
        let wide = try await SplitWorkflow(store: store).split(
            genres, SplitRequest(method: .folds(20), seed: 1, author: "qa"))
        #expect(wide.warnings.contains { $0.hasPrefix("class 'classical' has 14 tracks, fewer than the 20 parts") })
        #expect(try await store.split(named: "f5", of: genres)?.id == outcome.split.id)
        #expect(try await store.split(named: nil, of: genres)?.id == wide.split.id)
        // How a split was made reads back typed, from the record stores have always written.
        #expect(try await store.split(outcome.split.id).method == SplitMethod(.folds(5), groupBy: .album, seed: 1))
        let stored = try await DatabaseQueue(path: store.path).read { db in
            try String.fetchOne(db, sql: "SELECT method FROM split WHERE id = ?", arguments: [outcome.split.id])
        }
        #expect(stored == #"{"folds":"5","groupBy":"album","method":"folds","seed":"1"}"#)
    }

    @Test func attributeSplitsUseTheCatalogueFoldsAndCountTheTracksWithout() async throws {
        let outcome = try await SplitWorkflow(store: store).split(
            genres, SplitRequest(method: .attribute("fold"), author: "qa"))
        #expect(outcome.split.parts == ["1", "2", "3"])
        let parts = try await partsByTrack(outcome.split)
        #expect(parts["t0"] == "1" && parts["t4"] == "2" && parts["t9"] == nil)
        #expect(
            outcome.warnings == [
                "\(genres.labeledTracks - parts.count) labeled tracks have no 'fold' value and are in no part"
            ])
    }

    @Test func nncExportReadsBackAsTheLabelsAndSplit() async throws {
        let split = try await SplitWorkflow(store: store).split(
            genres, SplitRequest(method: .holdout(test: 0.2, validation: 0), seed: 3, author: "qa")
        ).split
        let out = catalogue.folder.file("nnc")
        let summary = try await ExportWorkflow(store: store).export(
            ExportRequest(labelSet: genres, split: split, format: .nnc, directory: out, relativePaths: true))
        #expect(
            summary.files.map { ($0.path as NSString).lastPathComponent } == ["train.csv", "test.csv", "classes.csv"])
        let classes = try records(out + "/classes.csv")
        #expect(classes.map { $0[1] } == ["class"] + genres.classes)
        let parts = try await partsByTrack(split)
        var trackOfFile: [String: String] = [:]
        for track in try await store.tracks(limit: 1_000) {
            trackOfFile[((track.audioPath ?? "") as NSString).lastPathComponent] = track.catalogueID
        }
        var seen = 0
        for part in ["train", "test"] {
            let rows = try records(out + "/\(part).csv")
            #expect(rows.first == ["x:audio", "y:label"])
            for row in rows.dropFirst() {
                let track = trackOfFile[(row[0] as NSString).lastPathComponent] ?? ""
                #expect(row[0].hasPrefix("../audio/"))
                #expect(parts[track] == part)
                let label = try await store.labels(of: track, in: genres).labels.map(\.className)
                #expect(label == [genres.classes[Int(row[1]) ?? -1]])
                seen += 1
            }
        }
        #expect(seen == genres.labeledTracks)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).allSatisfy { !$0.hasSuffix(".partial") })
    }

    @Test func audioFolderExportsHoldEachPartsAudioAndMetadataAndLeaveOutTracksWithoutAudio() async throws {
        let split = try await SplitWorkflow(store: store).split(
            genres, SplitRequest(method: .holdout(test: 0.2, validation: 0), seed: 3, author: "qa")
        ).split
        // Only the first hundred tracks' files exist; each holds its own id, to tell the copies apart.
        try FileManager.default.createDirectory(
            atPath: catalogue.folder.file("audio"), withIntermediateDirectories: true)
        for index in 0..<100 { try catalogue.folder.write("audio/t\(index).wav", "t\(index)") }
        let out = catalogue.folder.file("hf")

        let summary = try await ExportWorkflow(store: store).export(
            ExportRequest(labelSet: genres, split: split, format: .audiofolder, directory: out))

        #expect(summary.files.map(\.path) == [out + "/train/metadata.csv", out + "/test/metadata.csv"])
        let parts = try await partsByTrack(split)
        var exported: Set<String> = []
        for part in ["train", "test"] {
            let rows = try records(out + "/\(part)/metadata.csv")
            #expect(rows.first == ["file_name", "label", "track_id"])
            for row in rows.dropFirst() {
                let track = row[2]
                #expect(parts[track] == part && row[0] == "\(track).wav")
                #expect(try String(contentsOfFile: out + "/\(part)/\(row[0])", encoding: .utf8) == track)
                #expect(try await store.labels(of: track, in: genres).labels.map(\.className) == [row[1]])
                exported.insert(track)
            }
        }
        var labeled: [String] = []
        for track in try await store.tracks(limit: 1_000)
        where try await !store.labels(of: track.catalogueID, in: genres).labels.isEmpty {
            labeled.append(track.catalogueID)
        }
        #expect(!exported.isEmpty && exported.allSatisfy { Int($0.dropFirst())! < 100 })
        #expect(Set(summary.skipped) == Set(labeled).subtracting(exported))
        let left = try FileManager.default.subpathsOfDirectory(atPath: out)
        #expect(left.allSatisfy { !$0.hasSuffix(".partial") })
    }

    @Test func multiLabelSetsExportOneHotColumns() async throws {
        let instruments = try await ImportedCatalogue(
            csv: "id,path,tags\na,/music/a.wav,\"piano, synth\"\nb,/music/b.wav,guitar\nc,,piano\n")
        let set = try #require(
            try await LabelingWorkflow(store: instruments.store).keywords(
                map: KeywordMap.named("instrument-seed"), author: "rules"
            )
            .labelSet)
        let out = instruments.folder.file("nnc")
        let summary = try await ExportWorkflow(store: instruments.store).export(
            ExportRequest(labelSet: set, split: nil, format: .nnc, directory: out))
        #expect(summary.skipped == ["c"])
        let rows = try records(out + "/dataset.csv")
        #expect(rows[0] == ["x:audio"] + set.classes.enumerated().map { "y__\($0.offset):\($0.element)" })
        #expect(rows[1] == ["/music/a.wav"] + set.classes.map { ["piano", "synthesizer"].contains($0) ? "1" : "0" })
    }

    @Test func csvAndJSONLinesCarryTagsEvidenceAndDisarmFormulas() async throws {
        let out = catalogue.folder.file("csv")
        _ = try await ExportWorkflow(store: store).export(
            ExportRequest(
                labelSet: genres, split: nil, format: .csv, directory: out, includeTags: true, includeEvidence: true))
        let rows = try records(out + "/labels.csv")
        #expect(rows[0] == ["track_id", "audio_path", "label", "part", "tags", "evidence"])
        let evil = try #require(rows.first { $0[0].contains("cmd") })
        #expect(evil[0] == "'=cmd|' /C calc'!A0")
        #expect(evil[2] == "rock" && evil[4] == "rock|+danger")
        #expect(evil[5].contains("\"keyword\":\"rock\""))
        #expect(rows.count == genres.labeledTracks + 1)

        _ = try await ExportWorkflow(store: store).export(
            ExportRequest(labelSet: genres, split: nil, format: .jsonl, directory: out, includeTags: true))
        let lines = try String(contentsOfFile: out + "/labels.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == genres.labeledTracks)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(first?["track_id"] as? String == "t0")
        #expect(first?["labels"] as? [String] == ["classical"])
        #expect(first?["tags"] as? [String] == ["classical"])
    }

    @Test func labelingTheSameInputTwiceExportsTheSameBytes() async throws {
        let again = try #require(
            try await LabelingWorkflow(store: store).keywords(map: KeywordMap.named("genre-seed"), author: "rules")
                .labelSet)
        #expect(again.configHash == genres.configHash)
        var exports: [String] = []
        for (index, set) in [genres, again].enumerated() {
            let out = catalogue.folder.file("same-\(index)")
            _ = try await ExportWorkflow(store: store).export(
                ExportRequest(
                    labelSet: set, split: nil, format: .csv, directory: out, includeTags: true, includeEvidence: true))
            exports.append(try String(contentsOfFile: out + "/labels.csv", encoding: .utf8))
        }
        #expect(exports[0] == exports[1])
        #expect(exports[0].count > 1_000)
    }

    private func records(_ path: String) throws -> [[String]] {
        var reader = try CSVReader(path: path, encoding: .utf8, delimiter: UInt8(ascii: ","))
        var rows: [[String]] = []
        while let record = try reader.next() { rows.append(record.fields) }
        return rows
    }
}
