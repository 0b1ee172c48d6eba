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
        let header = (0..<200_000).map { "c\($0)" }.joined(separator: ",")
        let caught = try error(reading: header + "\n", "wide.csv")
        let message = caught.map(String.init(describing:)) ?? ""
        #expect(message.contains("c19 … (200000 columns)") && message.count < 600)
    }

    @Test func aFileOfNulBytesIsNamedWithoutPrintingThem() throws {
        let caught = try error(reading: String(repeating: "\u{0}", count: 50_000), "nul.csv")
        let message = caught.map(String.init(describing:)) ?? ""
        #expect(message.contains("nul.csv:1: no id column") && message.contains("\\u{0}") && message.count < 600)
        #expect(!message.contains("\u{0}"))
    }
}
