import Catalog
import Foundation
import TagmineTestSupport
import Testing

/// The catalogues people really have: no audio paths, list-valued tag cells, ragged tag columns.
@Suite struct CatalogueShapesTests {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
    }

    private func read(
        _ name: String, _ text: String, options: CatalogOptions = CatalogOptions()
    ) throws -> (records: [TrackRecord], warnings: [CatalogWarning]) {
        let path = try folder.write(name, text)
        var reader = try CatalogFile.reader(for: path, options: options)
        var records: [TrackRecord] = []
        while let record = try reader.next() { records.append(record) }
        return (records, reader.warnings)
    }

    /// MusicCaps' columns: a YouTube id, no audio path, and tags as Python list literals.
    private let musicCaps = """
        ytid,start_s,end_s,audioset_positive_labels,aspect_list,caption
        -0Gj8-vB1q4,30,40,"/m/0140xf,/m/02cjck","['low quality', 'sustained strings melody', 'soft female vocal']","A low quality recording."
        -0SdAVK79lg,30,40,/m/0155w,"['guitar song', 'piano, slow', ""it's sad""]",Sad piano.
        -0vPFx-wRRI,30,40,/m/025_jnm,"[""instrumental"", ""\\u30ed\\u30c3\\u30af"", ""\\ud83c\\udfb8 solo""]",Rock.

        """

    @Test func aMusicCapsCSVWithoutPathsReadsItsListCellsAsTags() throws {
        var options = CatalogOptions()
        options.columns = ColumnMapping(overrides: [.id: "ytid", .tags: "aspect_list"])
        let (records, warnings) = try read("musiccaps.csv", musicCaps, options: options)

        #expect(records.map(\.catalogueID) == ["-0Gj8-vB1q4", "-0SdAVK79lg", "-0vPFx-wRRI"])
        #expect(records.allSatisfy { $0.audioPath == nil })
        #expect(records[0].tags.map(\.original) == ["low quality", "sustained strings melody", "soft female vocal"])
        // A comma inside an item stays in the item; a Python string may hold the other quote.
        #expect(records[1].tags.map(\.original) == ["guitar song", "piano, slow", "it's sad"])
        // JSON escapes: \u sequences, and a surrogate pair for a character beyond the BMP.
        #expect(records[2].tags.map(\.original) == ["instrumental", "ロック", "🎸 solo"])
        #expect(records[0].attributes.contains(Attribute(name: "caption", value: "A low quality recording.")))
        #expect(warnings.isEmpty)
    }

    @Test func aCellThatOnlyLooksLikeAListIsReadAsTextWithAWarningNamingItsLine() throws {
        let (records, warnings) = try read(
            "tags.csv", "id,tags\nT1,\"[rock, pop\"\nT2,\"['jazz']\"\nT3,(live) piano\nT4,\"[1, 2]\"\n")

        #expect(records[0].tags.map(\.original) == ["[rock", "pop"])
        #expect(records[1].tags.map(\.original) == ["jazz"])
        #expect(records[2].tags.map(\.original) == ["(live) piano"])
        #expect(records[3].tags.map(\.original) == ["[1", "2]"])
        let warning = try #require(warnings.first)
        #expect(warnings.count == 1)
        #expect(warning.message.hasPrefix("2 tag cells open with '[' but are not lists of quoted strings (lines 2, 5)"))
    }

    @Test func theListFormatRefusesACellThatIsNoListNamingItsPlaceAndDelimitedReadsListsAsText() throws {
        var options = CatalogOptions()
        options.tagFormat = .list
        let refused = try #require(
            #expect(throws: CatalogError.self) {
                _ = try read("tags.csv", "id,tags\nT1,\"['a']\"\nT2,rock\n", options: options)
            })
        #expect(refused.code == .malformedList && refused.line == 3 && refused.column == 2)
        #expect(refused.description.hasPrefix("\(folder.file("tags.csv")):3:2: the tag cell is not a list"))

        options.tagFormat = .delimited
        let (records, _) = try read("tags.csv", "id,tags\nT1,\"['a', 'b']\"\n", options: options)
        #expect(records[0].tags.map(\.original) == ["['a'", "'b']"])
    }

    @Test func listLiteralsFollowJSONAndPython() {
        #expect(ListLiteral.items(in: " [ ] ") == [])
        #expect(ListLiteral.items(in: "('ballad',)") == ["ballad"])
        #expect(ListLiteral.items(in: "['a', 'b',]") == ["a", "b"])
        #expect(ListLiteral.items(in: #"["tab\there", 'back\\slash', "\x41"]"#) == ["tab\there", "back\\slash", "A"])
        #expect(ListLiteral.items(in: "['a' 'b']") == nil)
        #expect(ListLiteral.items(in: "['a', 3]") == nil)
        #expect(ListLiteral.items(in: "['a'] trailing") == nil)
        #expect(ListLiteral.items(in: #"['\q']"#) == nil)
        #expect(ListLiteral.items(in: "['open") == nil)
        #expect(ListLiteral.items(in: "[\"\\ud83c\"]") == nil)
    }

    /// MTG-Jamendo's `autotagging.tsv`: TAGS continues over as many columns as the track has tags.
    private let jamendo = """
        TRACK_ID\tARTIST_ID\tALBUM_ID\tPATH\tDURATION\tTAGS
        track_0000214\tartist_000014\talbum_000031\t14/214.mp3\t124.6\tgenre---punkrock
        track_0000215\tartist_000014\talbum_000031\t15/215.mp3\t98.0\tgenre---punkrock\tinstrument---guitar\tmood/theme---energetic

        """

    @Test func anMTGJamendoTSVFoldsItsRaggedTagColumnsIntoTheTags() throws {
        let (records, _) = try read("autotagging.tsv", jamendo)

        #expect(records.map(\.catalogueID) == ["track_0000214", "track_0000215"])
        #expect(records[0].tags.map(\.original) == ["genre---punkrock"])
        #expect(
            records[1].tags.map(\.original) == ["genre---punkrock", "instrument---guitar", "mood/theme---energetic"])
        #expect(records[1].audioPath == folder.file("15/215.mp3"))
        #expect(records[1].attributes.contains(Attribute(name: "DURATION", value: "98.0")))
    }

    @Test func otherRaggedFilesAreRefusedWithTheOptionNamedUnlessItIsGiven() throws {
        let ragged = "id\tpath\ttags\nT1\ta.wav\trock\tjazz\n"
        let refused = try #require(#expect(throws: CatalogError.self) { _ = try read("tags.tsv", ragged) })
        #expect(refused.line == 2 && refused.message == "4 fields, but the header has 3")
        #expect(refused.hint?.contains("--rest-into tags") == true)

        var options = CatalogOptions()
        options.restIntoTags = true
        #expect(try read("tags.tsv", ragged, options: options).records[0].tags.map(\.original) == ["rock", "jazz"])

        options.restIntoTags = false
        #expect(throws: CatalogError.self) { _ = try read("autotagging.tsv", jamendo, options: options) }
    }

    @Test func jsonLinesCataloguesReadTagListsTextTagsAndOtherKeysAsAttributes() throws {
        let (records, _) = try read(
            "tags.jsonl",
            #"""
            {"id": "T1", "path": "a.wav", "tags": ["rock", "live"], "artist": "Ann", "bpm": 120}

            {"track_id": "T2", "tags": "jazz; piano", "extra": {"k": [1, 2]}}
            """#)
        #expect(records.map(\.catalogueID) == ["T1", "T2"])
        #expect(records[0].tags.map(\.original) == ["rock", "live"] && records[0].audioPath == folder.file("a.wav"))
        #expect(records[0].artist == "Ann" && records[0].attributes == [Attribute(name: "bpm", value: "120")])
        #expect(records[1].line == 3 && records[1].tags.map(\.original) == ["jazz", "piano"])
        #expect(records[1].attributes == [Attribute(name: "extra", value: #"{"k":[1,2]}"#)])

        for (text, line, message) in [
            (#"{"id": "T1", "tags": []}"# + "\n" + "{not json", 2, "the line is not a JSON object"),
            (#"{"tags": ["rock"]}"#, 1, "the object has no id"),
            (#"{"id": "T1", "tags": ["a", 3]}"#, 1, #""tags" holds something other than strings"#),
        ] {
            let error = try #require(#expect(throws: CatalogError.self) { _ = try read("bad.jsonl", text) })
            #expect(error.line == line && error.message == message)
        }
    }
}
