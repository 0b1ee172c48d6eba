import AudioFeatures
import Foundation
import TagmineTestSupport
import Testing

/// The catalogue forms people really have, from the command line.
@Suite struct CatalogueFormsCommandTests: CommandLineSuite {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
        #expect(try tagmine("init").status == 0)
    }

    @Test func aCatalogueWithoutAudioImportsAndAudioIsAttachedFromAFolderLater() throws {
        try folder.write(
            "caps.csv",
            "ytid,aspect_list,caption\nA1,\"['low quality', 'ballad']\",Slow.\nA2,\"['rock', 'noisy']\",Loud.\n"
                + "A3,\"['rock']\",Short.\n")
        try FileManager.default.createDirectory(atPath: folder.file("clips"), withIntermediateDirectories: true)
        for name in ["A1", "A2", "Z9"] {
            try AudioWriter.write(
                sine(330, rate: 22_050, seconds: 0.5), sampleRate: 22_050, to: folder.file("clips/\(name).wav"),
                as: .wav)
        }

        let imported = try tagmine("import", "caps.csv", "--column", "id=ytid", "--column", "tags=aspect_list")
        let tags = try tagmine("tags")
        let features = try tagmine("features")
        let failures = try tagmine("features", "--failures")
        let attached = try tagmine("audio", "attach", "clips")
        let again = try tagmine("audio", "attach", "clips")

        #expect(imported.status == 0 && imported.stdout.contains("3 new"))
        #expect(tags.stdout.contains("low quality") && !tags.stdout.contains("['low"))
        #expect(features.stdout.contains("3 tracks (0 extracted, 3 failed)"))
        #expect(
            failures.stdout.contains(
                "A3     no-audio        the track has no audio; link files to tracks with `tagmine audio attach FOLDER`"
            ))
        #expect(
            attached.stdout
                == """
                Attached audio from \(folder.file("clips")) to 2 tracks.
                1 tracks have no audio: A3
                1 audio files fit no track: Z9.wav

                """)
        #expect(again.stdout.hasPrefix("Attached audio from \(folder.file("clips")) to 0 tracks (2 had it already)."))
        #expect(try tagmine("roots").stdout.contains(folder.file("clips")))
    }

    @Test func anMTGJamendoTSVImportsWithItsRaggedTagsAndOtherRaggedFilesNameTheOption() throws {
        try folder.write(
            "autotagging.tsv",
            "TRACK_ID\tARTIST_ID\tALBUM_ID\tPATH\tDURATION\tTAGS\n"
                + "track_1\tartist_1\talbum_1\t01/1.mp3\t100.0\tgenre---rock\tinstrument---piano\n")
        try folder.write("ragged.csv", "id,tags\nT1,rock,jazz\n")

        let jamendo = try tagmine("import", "autotagging.tsv")
        let refused = try tagmine("import", "ragged.csv")
        let folded = try tagmine("import", "ragged.csv", "--rest-into", "tags")
        let tags = try tagmine("tags")
        let genres = try tagmine("tags", "--facet", "genre")
        let labels = try tagmine("labels", "import", "--task", "instrument", "--facet", "instrument")

        #expect(jamendo.status == 0 && jamendo.stdout.contains("1 new"))
        #expect(
            genres.stdout.contains("rock") && !genres.stdout.contains("genre---") && !genres.stdout.contains("piano"))
        #expect(labels.stdout.hasPrefix("Wrote label set 1 (instrument): 1 tracks, classes piano 1"))
        #expect(refused.status == 1)
        #expect(
            refused.stderr.contains(
                "Error: ragged.csv:2: 3 fields, but the header has 2. Quote fields that contain the "
                    + "delimiter, or, when the tags continue past the last column, import with --rest-into tags"))
        #expect(folded.status == 0)
        for tag in ["genre---rock", "instrument---piano", "jazz"] { #expect(tags.stdout.contains(tag)) }
    }
}
