import Catalog
import Foundation
import TagmineTestSupport
import Testing
import TextMining

@Suite struct HostileInputTests {
    private func error(reading text: String, _ name: String) throws -> CatalogError? {
        let folder = try TemporaryDirectory()
        let path = try folder.write(name, text)
        return #expect(throws: CatalogError.self) {
            var reader = try CSVCatalogReader(path: path, format: .csv, options: CatalogOptions())
            while try reader.next() != nil {}
        }
    }

    @Test func aHugeHeaderGivesAShortErrorThatCountsItsColumns() throws {
        let header = (0..<1_000_000).map { "c\($0)" }.joined(separator: ",")
        let caught = try error(reading: header + "\n", "wide.csv")
        let message = caught.map(String.init(describing:)) ?? ""
        #expect(message.contains("c19 … (1000000 columns)") && message.count < 600)
    }

    @Test func aFileOfNulBytesIsNamedWithoutPrintingThem() throws {
        let caught = try error(reading: String(repeating: "\u{0}", count: 50_000), "nul.csv")
        let message = caught.map(String.init(describing:)) ?? ""
        #expect(message.contains("nul.csv:1:1: field 1 contains a NUL byte") && message.count < 600)
        #expect(!message.contains("\u{0}"))
    }

    @Test func aNulInsideAFieldIsRefusedNamingFileLineAndField() throws {
        let caught = try error(
            reading: "id,path,title,tags\nT1,a.wav,ok,rock\nT\u{0}2,b.wav,\"x\u{0}y\",pop\n", "ids.csv")
        #expect(caught?.code == .malformedCSV)
        #expect(caught.map(String.init(describing:))?.contains("ids.csv:3:1: field 1 contains a NUL byte") == true)
        let quoted = try error(reading: "id,path,title,tags\nT1,a.wav,\"x\u{0}y\",pop\n", "title.csv")
        #expect(quoted.map(String.init(describing:))?.contains("title.csv:2:3: field 3 contains a NUL byte") == true)
    }

    @Test func aRowWithMoreTagsThanTheLimitIsRefusedNamingItsLine() throws {
        let folder = try TemporaryDirectory()
        let tags = (0..<12_000).map { "t\($0)" }.joined(separator: ";")
        let path = try folder.write("many.csv", "id,path,tags\nT1,a.wav,rock\nT2,b.wav,\"\(tags)\"\n")
        let caught = #expect(throws: CatalogError.self) {
            var reader = try CSVCatalogReader(path: path, format: .csv, options: CatalogOptions())
            while try reader.next() != nil {}
        }
        #expect(caught?.code == .tooManyTags)
        #expect(
            caught.map(String.init(describing:))?.hasPrefix(
                "\(path):3:3: the track has more than 10000 tags. Check the delimiters of the tag field, or raise the limit with --max-tags"
            ) == true)
    }

    @Test func aUTF8FileWithOneCP932RowIsReadWithAWarningNamingTheLineThatDecided() throws {
        let folder = try TemporaryDirectory()
        // "明る" in UTF-8 happens to be valid CP932 too: the file reads, as mojibake, unless warned about.
        var bytes = Data("id,path,tags\nT1,a.wav,明る\n".utf8)
        bytes += try #require("T2,b.wav,暗い\n".data(using: .shiftJIS))
        let path = try folder.write("mixed.csv", bytes)
        var reader = try CSVCatalogReader(path: path, format: .csv, options: CatalogOptions())
        while try reader.next() != nil {}
        #expect(reader.encoding == .cp932)
        #expect(
            reader.warnings.map(\.description) == [
                "\(path): read as CP932 because line 3 is not UTF-8, although line 2 is; if the file is UTF-8, fix "
                    + "line 3, or pass --encoding utf-8 or cp932 to decide"
            ])
        // Where the UTF-8 line is not valid CP932 the read fails, and the error says why it was CP932.
        var failing = Data("id,path,tags\nT1,a.wav,明るい\n".utf8)
        failing += try #require("T2,b.wav,暗い\n".data(using: .shiftJIS))
        let failingPath = try folder.write("failing.csv", failing)
        let caught = #expect(throws: CatalogError.self) {
            var reader = try CSVCatalogReader(path: failingPath, format: .csv, options: CatalogOptions())
            while try reader.next() != nil {}
        }
        #expect(caught?.hint?.hasPrefix("It was read as CP932 because line 3 is not UTF-8, although line 2 is") == true)
        let plain = try folder.write("sjis.csv", try #require("id,path,tags\nT1,a.wav,暗い\n".data(using: .shiftJIS)))
        #expect(try CSVCatalogReader(path: plain, format: .csv, options: CatalogOptions()).warnings.isEmpty)
    }

    @Test func splittingManyTagsIsLinearAndKeepsTheFirstOfEachName() throws {
        // 60,000 distinct tags and their repeats: checking each against all earlier ones took minutes.
        let text = ((0..<60_000).map { "tag\($0)" } + (0..<60_000).map { "TAG\($0)" }).joined(separator: ",")
        var splitter = TagSplitter()
        let started = Date()
        let tags = splitter.tags(in: text)
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(tags.count == 60_000)
        #expect(tags.first?.original == "tag0" && tags.last?.original == "tag59999")
        #expect(splitter.tags(in: text, limit: 100).count == 101)
        #expect(splitter.tags(in: "a, b, A, c, b", limit: 100).map(\.name) == ["a", "b", "c"])
    }
}

@Suite struct HostileXMLTests {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
    }

    private func titles(_ xml: String) throws -> [String?] {
        var options = CatalogOptions()
        options.recordPath = "/catalogue/track"
        options.fieldPaths = [("id", "@id"), ("title", "title"), ("tags", "tag")]
        var reader = try CatalogFile.reader(for: try folder.write("hostile.xml", xml), options: options)
        var titles: [String?] = []
        while let record = try reader.next() { titles.append(record.title) }
        return titles
    }

    @Test func refusesToExpandAnEntityBomb() throws {
        let bomb = """
            <?xml version="1.0"?>
            <!DOCTYPE catalogue [
              <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
              <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
              <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
              <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
              <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
              <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
            ]>
            <catalogue><track id="1"><title>&f;</title><tag>x</tag></track></catalogue>
            """
        // Either a clear error or the entity left unexpanded; never 300 MB of a's.
        do {
            let read = try titles(bomb)
            #expect(read.allSatisfy { ($0 ?? "").count < 10_000 })
        } catch let error as CatalogError {
            #expect(String(describing: error).contains("hostile.xml"))
        }
    }

    @Test func neverReadsAnExternalEntity() throws {
        let secret = try folder.write("secret.txt", "TOP SECRET")
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE catalogue [ <!ENTITY leak SYSTEM "file://\(secret)"> ]>
            <catalogue><track id="1"><title>&leak;</title><tag>x</tag></track></catalogue>
            """
        do {
            let read = try titles(xml)
            #expect(!read.contains { $0?.contains("TOP SECRET") == true })
        } catch let error as CatalogError {
            #expect(!String(describing: error).contains("TOP SECRET"))
        }
    }

    /// `make fuzz` finding: taking the XPath context's document from the reader made libxml2 hand
    /// it over to us, and every XML file read leaked its document (about 5 KB here). In a child
    /// process, so that no other test's allocations move the figure.
    @Test func readingXMLCataloguesDoesNotGrowMemory() async {
        await #expect(processExitsWith: .success) {
            let folder = try TemporaryDirectory()
            let path = try folder.write(
                "small.xml", "<catalogue><track id=\"1\"><title>A</title><tag>x</tag></track></catalogue>")
            var options = CatalogOptions()
            options.format = .xml
            options.recordPath = "/catalogue/track"
            options.fieldPaths = [("id", "@id"), ("title", "title"), ("tags", "tag")]
            func readAll(_ times: Int) throws {
                for _ in 0..<times {
                    var reader = try CatalogFile.reader(for: path, options: options)
                    while try reader.next() != nil {}
                }
            }
            try readAll(50)
            let before = try residentMemoryBytes()
            try readAll(2_000)
            let growth = try residentMemoryBytes() - before
            if growth > 2 << 20 {
                print("resident memory grew by \(growth) bytes over 2,000 reads")
                exit(1)
            }
        }
    }
}
