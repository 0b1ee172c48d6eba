import Catalog
import Foundation
import TagmineTestSupport
import Testing

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
        #expect(message.contains("nul.csv:1: no id column") && message.contains("\\u{0}") && message.count < 600)
        #expect(!message.contains("\u{0}"))
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
