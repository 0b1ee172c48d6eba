import Catalog
import Foundation
import TagmineTestSupport
import Testing
import TextMining

@Suite struct CSVCatalogReaderTests {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
    }

    private func read(_ text: String, options: CatalogOptions = CatalogOptions()) throws -> [TrackRecord] {
        let path = try folder.write("tags.csv", text)
        var reader = try CatalogFile.reader(for: path, options: options)
        var records: [TrackRecord] = []
        while let record = try reader.next() { records.append(record) }
        return records
    }

    private func failure(_ text: String, options: CatalogOptions = CatalogOptions()) throws -> CatalogError {
        try #require(#expect(throws: CatalogError.self) { _ = try read(text, options: options) })
    }

    @Test func mapsDefaultHeadersWhateverTheirCaseAndWidth() throws {
        let records = try read(
            "Track ID,ＦＩＬＥ,Name,Comment,TAGS,Artist,Album,BPM\nt1,a.wav,Song,Nice,rock,Ann,First,120\n")
        let record = try #require(records.first)
        #expect(record.catalogueID == "t1")
        #expect(record.audioPath == folder.file("a.wav"))
        #expect(record.title == "Song")
        #expect(record.description == "Nice")
        #expect(record.artist == "Ann")
        #expect(record.album == "First")
        #expect(record.tags.map(\.name) == ["rock"])
        #expect(record.attributes == [Attribute(name: "BPM", value: "120")])
        #expect(record.line == 2)
    }

    @Test func explicitColumnMappingWinsOverDefaults() throws {
        var options = CatalogOptions()
        options.columns = try ColumnMapping(assignments: ["id=曲番号", "path=音源", "tags=タグ"])
        let records = try read("id,曲番号,音源,タグ\nold,J-001,x.wav,明るい\n", options: options)
        #expect(records.first?.catalogueID == "J-001")
        #expect(records.first?.attributes == [Attribute(name: "id", value: "old")])
    }

    @Test func splitsTagsOnEveryDefaultDelimiterKeepingTheOriginalText() throws {
        let records = try read("id,path,tags\n1,a.wav,\"Rock, ＰＩＡＮＯ、ﾋﾟｱﾉ;  Jazz |rock\nSynth；ピアノ\"\n")
        let tags = try #require(records.first?.tags)
        #expect(tags.map(\.name) == ["rock", "piano", "ピアノ", "jazz", "synth"])
        #expect(tags.map(\.original) == ["Rock", "ＰＩＡＮＯ", "ﾋﾟｱﾉ", "Jazz", "Synth"])
    }

    @Test func customTagDelimitersReplaceTheDefaults() throws {
        var options = CatalogOptions()
        options.tagDelimiters = ["/"]
        let records = try read("id,path,tags\n1,a.wav,\"rock, pop/jazz\"\n", options: options)
        #expect(records.first?.tags.map(\.name) == ["rock, pop", "jazz"])
    }

    @Test func resolvesRelativeAudioAgainstTheAudioRoot() throws {
        var options = CatalogOptions()
        options.audioRoot = "/data/audio"
        let records = try read(
            "id,path,tags\n1,sub/a.wav,x\n2,/abs/b.wav,x\n3,file:///music/My%20Song.mp3,x\n4,,x\n", options: options)
        #expect(records.map(\.audioPath) == ["/data/audio/sub/a.wav", "/abs/b.wav", "/music/My Song.mp3", nil])
    }

    @Test func namesTheMissingColumnAndTheHeaderItHas() throws {
        let error = try failure("id,path,title\n1,a.wav,x\n")
        #expect(error.code == .missingColumn)
        #expect(error.message == "no tags column (looked for tags|tag|keywords)")
        #expect(error.hint?.contains("--column tags=HEADER") == true)
        #expect(error.hint?.contains("id, path, title") == true)
    }

    @Test func rejectsAnExplicitMappingToAnAbsentColumn() throws {
        var options = CatalogOptions()
        options.columns = ColumnMapping(overrides: [.tags: "keywords2"])
        #expect(try failure("id,path,tags\n", options: options).message == "no column 'keywords2' (mapped to tags)")
    }

    @Test func rejectsMalformedMappingAssignments() {
        #expect(throws: CatalogError.self) { try ColumnMapping(assignments: ["colour=Hue"]) }
        #expect(throws: CatalogError.self) { try ColumnMapping(assignments: ["id"]) }
    }

    @Test func rejectsDuplicateHeaders() throws {
        let error = try failure("id,path,tags,Tags\n")
        #expect(error.code == .duplicateColumn)
        #expect(error.message == "column 'Tags' appears twice (columns 3 and 4)")
    }

    @Test func rejectsEmptyIDsNamingTheLine() throws {
        let error = try failure("id,path,tags\n1,a.wav,x\n  ,b.wav,y\n")
        #expect(error.code == .emptyID)
        #expect(error.line == 3)
        #expect(error.column == 1)
    }

    @Test func rejectsRowsWithMoreFieldsThanTheHeader() throws {
        let error = try failure("id,path,tags\n1,a.wav,rock,pop\n")
        #expect(error.description.hasPrefix(folder.file("tags.csv") + ":2: 4 fields, but the header has 3"))
    }

    @Test func rejectsAnEmptyFile() throws {
        #expect(try failure("").message == "the file is empty")
    }

    @Test func detectsFormatsFromExtensionAndRootElement() throws {
        #expect(try CatalogFile.detectFormat(of: try folder.write("a.tsv", "")) == .tsv)
        #expect(try CatalogFile.detectFormat(of: try folder.write("a.txt", "")) == .csv)
        let plist = "<?xml version=\"1.0\"?>\n<plist version=\"1.0\"><dict><key>Major Version</key>"
        #expect(try CatalogFile.detectFormat(of: try folder.write("Library.xml", plist)) == .itunes)
        #expect(
            try CatalogFile.detectFormat(of: try folder.write("rb.xml", "<DJ_PLAYLISTS Version=\"1\">")) == .rekordbox)
        #expect(try CatalogFile.detectFormat(of: try folder.write("c.xml", "<catalogue/>")) == .xml)
    }

    @Test func fingerprintIsTheSHA256OfTheBytes() throws {
        let path = try folder.write("abc.csv", "abc")
        #expect(
            try CatalogFile.fingerprint(of: path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
