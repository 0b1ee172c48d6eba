import Catalog
import Foundation
import TagmineTestSupport
import Testing
import TextMining

@Suite struct CSVReaderTests {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
    }

    private func records(_ text: String, delimiter: Character = ",") throws -> [CSVReader.Record] {
        let path = try folder.write("input.csv", text)
        var reader = try CSVReader(path: path, encoding: .auto, delimiter: delimiter.asciiValue!)
        var result: [CSVReader.Record] = []
        while let record = try reader.next() { result.append(record) }
        return result
    }

    private func error(_ text: String, encoding: TextEncoding = .auto) throws -> CatalogError {
        let path = try folder.write("bad.csv", text)
        let caught = #expect(throws: CatalogError.self) {
            var reader = try CSVReader(path: path, encoding: encoding, delimiter: UInt8(ascii: ","))
            while try reader.next() != nil {}
        }
        return try #require(caught)
    }

    @Test func readsQuotedFieldsWithDoubledQuotesCommasAndLineBreaks() throws {
        let rows = try records("a,b,c\r\n1,\"say \"\"hi\"\", then go\",\"two\r\nlines\"\r\n2,plain,\"\"\r\n")
        #expect(
            rows.map(\.fields) == [
                ["a", "b", "c"], ["1", "say \"hi\", then go", "two\r\nlines"], ["2", "plain", ""],
            ])
        #expect(rows.map(\.line) == [1, 2, 4])
    }

    @Test func acceptsLFCRAndMissingFinalNewlineAndSkipsBlankLines() throws {
        let rows = try records("a,b\n\n1,2\r3,4\n\r\n5,")
        #expect(rows.map(\.fields) == [["a", "b"], ["1", "2"], ["3", "4"], ["5", ""]])
        #expect(rows.map(\.line) == [1, 3, 4, 6])
    }

    @Test func readsTabSeparatedValues() throws {
        let rows = try records("id\ttags\nx1\t\"a, b\"\tz\n", delimiter: "\t")
        #expect(rows.map(\.fields) == [["id", "tags"], ["x1", "a, b", "z"]])
    }

    @Test func readsRecordsThatSpanReadChunks() throws {
        // 30,000 rows of ~60 bytes cross the 1 MiB read chunk; some fields hold line breaks.
        var text = "id,text\n"
        for index in 0..<30_000 {
            text += index % 7 == 0 ? "\(index),\"multi\nline \(index), with comma\"\n" : "\(index),row \(index) ピアノ\n"
        }
        let rows = try records(text)
        #expect(rows.count == 30_001)
        #expect(rows[29_401].fields == ["29400", "multi\nline 29400, with comma"])
        #expect(rows[30_000].fields == ["29999", "row 29999 ピアノ"])
        // Line numbers account for every line break inside quoted fields before them.
        let multiLineRowsBefore = (0..<29_999).filter { $0 % 7 == 0 }.count
        #expect(rows[30_000].line == 2 + 29_999 + multiLineRowsBefore)
    }

    @Test func reportsAnUnterminatedQuoteWithTheLineItOpenedOn() throws {
        let error = try error("id,tags\n1,ok\n2,\"never closed\n3,more\n")
        #expect(error.code == .malformedCSV)
        #expect(error.description.contains("bad.csv:3:2: unterminated quoted field (opened at line 3, still open"))
        #expect(error.column == 2)
    }

    @Test func reportsTextAfterAClosingQuote() throws {
        let error = try error("id,tags\n1,\"a\"b,c\n")
        #expect(error.code == .malformedCSV)
        #expect(error.line == 2)
        #expect(
            error.description.hasSuffix(
                "bad.csv:2:2: text after the closing quote of field 2. Quote the whole field and double any quote inside it"
            ))
    }

    @Test func stripsAUTF8ByteOrderMark() throws {
        let path = try folder.write("bom.csv", Data([0xEF, 0xBB, 0xBF]) + Data("id,tags\n1,x\n".utf8))
        var reader = try CSVReader(path: path, encoding: .auto, delimiter: UInt8(ascii: ","))
        #expect(try reader.next()?.fields == ["id", "tags"])
        #expect(reader.encoding == .utf8)
    }

    @Test func detectsCP932AndDecodesIt() throws {
        let text = "id,tags\r\n1,\"明るい、ピアノ\"\r\n2,ｶﾞｯﾂﾘ\r\n"
        let path = try folder.write("sjis.csv", text, encoding: .shiftJIS)
        var reader = try CSVReader(path: path, encoding: .auto, delimiter: UInt8(ascii: ","))
        var rows: [[String]] = []
        while let record = try reader.next() { rows.append(record.fields) }
        #expect(reader.encoding == .cp932)
        #expect(rows == [["id", "tags"], ["1", "明るい、ピアノ"], ["2", "ｶﾞｯﾂﾘ"]])
    }

    @Test func decodesUTF16WithByteOrderMark() throws {
        let path = try folder.write("excel.txt", "id\ttags\n1\t爽やか\n", encoding: .utf16LittleEndian)
        let withBOM = Data([0xFF, 0xFE]) + (try Data(contentsOf: URL(fileURLWithPath: path)))
        try folder.write("excel.txt", withBOM)
        var reader = try CSVReader(path: path, encoding: .auto, delimiter: UInt8(ascii: "\t"))
        #expect(try reader.next()?.fields == ["id", "tags"])
        #expect(try reader.next()?.fields == ["1", "爽やか"])
        #expect(reader.encoding == .utf16)
    }

    @Test func rejectsInvalidUTF8NamingLineAndField() throws {
        let path = try folder.write("broken.csv", Data("id,tags\n1,ok\n2,caf".utf8) + Data([0xE9]) + Data("\n".utf8))
        let caught = #expect(throws: CatalogError.self) {
            var reader = try CSVReader(path: path, encoding: .utf8, delimiter: UInt8(ascii: ","))
            while try reader.next() != nil {}
        }
        let error = try #require(caught)
        #expect(error.code == .invalidEncoding)
        #expect(error.line == 3)
        #expect(error.column == 2)
    }

    @Test func rejectsUndefinedCP932BytesNamingTheLine() throws {
        let bytes = Data("id,tags\r\n1,ok\r\n2,".utf8) + Data([0x85, 0x40]) + Data("\r\n".utf8)
        let path = try folder.write("undefined.csv", bytes)
        let caught = #expect(throws: CatalogError.self) {
            var reader = try CSVReader(path: path, encoding: .cp932, delimiter: UInt8(ascii: ","))
            while try reader.next() != nil {}
        }
        let error = try #require(caught)
        #expect(error.code == .invalidEncoding)
        #expect(error.line == 3)
        #expect(error.message.contains("0x85 0x40"))
    }

    @Test func refusesAByteOrderMarkInsideTheFile() throws {
        let bom = Data([0xEF, 0xBB, 0xBF])
        let joined = bom + Data("id,tags\n1,rock\n".utf8) + bom + Data("id,tags\n2,jazz\n".utf8)
        let path = try folder.write("joined.csv", joined)
        var records: [[String]] = []
        let caught = #expect(throws: CatalogError.self) {
            var reader = try CSVReader(path: path, encoding: .auto, delimiter: UInt8(ascii: ","))
            while let record = try reader.next() { records.append(record.fields) }
        }
        #expect(records == [["id", "tags"], ["1", "rock"]])
        #expect(caught?.line == 3)
        #expect(caught?.message == "a byte-order mark (U+FEFF) starts this line, inside the file")
        // Inside a field it is just a character.
        let inside = try folder.write("inside.csv", Data("id,tags\n1,a".utf8) + bom + Data("b\n".utf8))
        var reader = try CSVReader(path: inside, encoding: .utf8, delimiter: UInt8(ascii: ","))
        _ = try reader.next()
        #expect(try reader.next()?.fields == ["1", "a\u{FEFF}b"])
    }

    /// The record cap stands for the 2 GB field: the reader stops at the cap with the line where
    /// the record began, holding no more than the cap and one chunk.
    @Test func refusesARecordLargerThanTheCap() throws {
        var bytes = Data("id,tags\n1,\"".utf8)
        bytes.append(Data(repeating: UInt8(ascii: "x"), count: 3 << 20))
        let path = try folder.write("huge.csv", bytes + Data("\"\n".utf8))
        let caught = #expect(throws: CatalogError.self) {
            var reader = try CSVReader(
                path: path, encoding: .utf8, delimiter: UInt8(ascii: ","), maximumRecordBytes: 1 << 20)
            while try reader.next() != nil {}
        }
        #expect(caught?.code == .recordTooLarge)
        #expect(caught?.line == 2)
    }

    @Test func namesAMissingFile() throws {
        let caught = #expect(throws: CatalogError.self) {
            _ = try CSVReader(path: folder.file("nope.csv"), encoding: .auto, delimiter: UInt8(ascii: ","))
        }
        #expect(caught?.code == .fileNotFound)
    }
}
