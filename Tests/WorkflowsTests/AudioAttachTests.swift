import AudioFeatures
import Catalog
import Foundation
import Store
import TagmineTestSupport
import Testing
import TextMining
import Workflows

/// Tracks imported without audio are full citizens, and audio is attached to them later.
@Suite struct AudioAttachTests {
    let folder: TemporaryDirectory
    let store: Store

    init() async throws {
        folder = try TemporaryDirectory()
        store = try Store.create(at: folder.file("tagmine.db"))
    }

    /// Four tracks with tags and artists but no audio column.
    private func importWithoutAudio() async throws -> ImportSummary {
        let csv = try folder.write(
            "tags.csv",
            "id,artist,tags\nT1,Ann,\"['rock', 'guitar']\"\nT2,Ann,\"['rock']\"\nT3,Ben,ballad\nT4,Ben,ballad\n")
        return try await ImportWorkflow(store: store).importCatalog(at: csv, options: CatalogOptions())
    }

    private func writeAudio(_ relativePath: String, hertz: Double = 220) throws {
        let path = folder.file(relativePath)
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try AudioWriter.write(sine(hertz, rate: 22_050, seconds: 0.5), sampleRate: 22_050, to: path, as: .wav)
    }

    @Test func tracksWithoutAudioAreLabeledAndReportedAsHavingNoAudio() async throws {
        let summary = try await importWithoutAudio()
        #expect(summary.inserted == 4)
        #expect(try await store.tracks(limit: 10).allSatisfy { $0.audioPath == nil })

        let labeled = try await LabelingWorkflow(store: store).keywords(
            map: KeywordMap.named("genre-seed"), author: "t")
        #expect(try #require(labeled.labelSet).labeledTracks == 4)

        let features = try await FeatureWorkflow(store: store).extract(
            FeatureRequest(spec: ExtractorSpec(.logmelStats)))
        #expect(features.failed == 4)
        let failures = try await store.featureFailures(for: ExtractorSpec(.logmelStats))
        #expect(failures.map(\.catalogueID).sorted() == ["T1", "T2", "T3", "T4"])
        #expect(failures.allSatisfy { $0.code == "no-audio" && $0.message.contains("tagmine audio attach") })
    }

    @Test func attachLinksFilesNamedAfterTrackIdsOnceAndSaysWhatItCouldNotLink() async throws {
        _ = try await importWithoutAudio()
        try writeAudio("audio/T1.wav")
        try writeAudio("audio/T2.wav")
        try writeAudio("audio/T9.wav")
        try writeAudio("audio/deep/T3.wav")
        try folder.write("audio/notes.txt", "not audio")

        let first = try await AudioWorkflow(store: store).attach(folder: folder.file("audio"))
        #expect(first.attached == 2 && first.unchanged == 0)
        #expect(first.tracksWithoutAudio == ["T3", "T4"])
        #expect(first.filesWithoutTrack == ["T9.wav"])
        let paths = Dictionary(
            uniqueKeysWithValues: try await store.tracks(limit: 10).map { ($0.catalogueID, $0.audioPath) })
        #expect(paths["T1"] == folder.file("audio/T1.wav") && paths["T3"] == .some(nil))
        #expect(try await store.audioRoots().contains(folder.file("audio/T1.wav")))

        let again = try await AudioWorkflow(store: store).attach(folder: folder.file("audio"), recursive: true)
        #expect(again.attached == 1 && again.unchanged == 2)
        #expect(again.tracksWithoutAudio == ["T4"])

        // The attached tracks are extracted now; the one still without audio says so.
        let features = try await FeatureWorkflow(store: store).extract(
            FeatureRequest(spec: ExtractorSpec(.logmelStats)))
        #expect(features.extracted == 3 && features.failed == 1)
    }

    @Test func aPatternNamesFilesAfterOtherFieldsAndImportCanAttachAsItReads() async throws {
        try writeAudio("Ann/T1.wav")
        try writeAudio("Ann/T2.flac.wav")
        try writeAudio("Ben/T3.wav")
        try writeAudio("Cat/T4.wav")
        let csv = try folder.write(
            "tags.csv", "id,artist,tags\nT1,Ann,rock\nT2.flac,Ann,rock\nT3,Ben,jazz\nT4,Ben,jazz\n")

        let (summary, audio) = try await ImportWorkflow(store: store).importCatalog(
            at: csv, options: CatalogOptions(), attaching: try AudioFilePattern("{artist}/{id}.{ext}"))

        #expect(summary.inserted == 4)
        #expect(audio.attached == 3 && audio.tracksWithoutAudio == ["T4"] && audio.filesWithoutTrack == ["Cat/T4.wav"])
        let paths = Dictionary(
            uniqueKeysWithValues: try await store.tracks(limit: 10).map { ($0.catalogueID, $0.audioPath) })
        #expect(paths["T2.flac"] == folder.file("Ann/T2.flac.wav"))
    }

    @Test func patternsMatchWholeRelativePathsAndRefuseWhatCannotName() throws {
        let pattern = try AudioFilePattern("{artist}/{album}/{id}.mp3")
        #expect(pattern.match("Ann/First/T1.mp3") == [.artist: "Ann", .album: "First", .id: "T1"])
        #expect(pattern.match("Ann/T1.mp3") == nil)
        #expect(pattern.match("Ann/First/T1.wav") == nil)
        #expect(AudioFilePattern.byID.match("T1.FLAC") == [.id: "T1"])
        #expect(AudioFilePattern.byID.match("T1.txt") == nil)
        #expect(try AudioFilePattern("{title} (live).{ext}").match("Song (live).ogg") == [.title: "Song"])
        for bad in ["/abs/{id}.wav", "../{id}.wav", "{id}.{ext", "{genre}.wav", "{ext}", "{id}/{id}.wav"] {
            let error = #expect(throws: CatalogError.self) { _ = try AudioFilePattern(bad) }
            #expect(error?.message.hasPrefix("'\(bad)': ") == true)
        }
    }
}
