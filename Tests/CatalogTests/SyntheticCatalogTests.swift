import Catalog
import Foundation
import TagmineTestSupport
import Testing
import TextMining

@Suite struct SyntheticCatalogTests {
    @Test func sameSeedGivesTheSameBytesAndItReadsBackInCP932() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let first = folder.file("a.csv"), second = folder.file("b.csv")
        try SyntheticCatalog(seed: 9).writeCSV(rows: 300, to: first, encoding: .cp932)
        try SyntheticCatalog(seed: 9).writeCSV(rows: 300, to: second, encoding: .cp932)
        #expect(try CatalogFile.fingerprint(of: first) == CatalogFile.fingerprint(of: second))

        var reader = try CatalogFile.reader(for: first, options: CatalogOptions())
        var records: [TrackRecord] = []
        while let record = try reader.next() { records.append(record) }
        #expect(reader.encoding == .cp932)
        #expect(records.count == 300)
        #expect(records.allSatisfy { (1...12).contains($0.tags.count) })
        #expect(records.contains { $0.description?.contains("\n") == true })
        #expect(records.contains { $0.tags.contains { $0.name.unicodeScalars.contains { $0.value > 0x3000 } } })
    }

    @Test func vocabularyHasAboutThreeThousandDistinctTerms() {
        let vocabulary = SyntheticCatalog().vocabulary
        #expect(Set(vocabulary).count == vocabulary.count)
        #expect((2_500...3_500).contains(vocabulary.count))
    }

    @Test func singleLanguageCataloguesKeepToTheirScript() throws {
        func isJapanese(_ text: String) -> Bool { text.unicodeScalars.contains { $0.value >= 0x3000 } }
        let english = SyntheticCatalog(language: .english), japanese = SyntheticCatalog(language: .japanese)
        #expect(!english.vocabulary.contains(where: isJapanese))
        #expect(japanese.vocabulary.filter { !isJapanese($0) }.allSatisfy { $0.hasSuffix("bpm") })
        #expect(english.vocabulary.count + japanese.vocabulary.count == SyntheticCatalog().vocabulary.count + 61)

        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.file("ja.csv")
        try japanese.writeCSV(rows: 50, to: path)
        var reader = try CatalogFile.reader(for: path, options: CatalogOptions())
        while let record = try reader.next() {
            #expect(record.tags.contains { isJapanese($0.name) } || record.tags.allSatisfy { $0.name.hasSuffix("bpm") })
            #expect(isJapanese(record.description ?? ""))
        }
    }
}
