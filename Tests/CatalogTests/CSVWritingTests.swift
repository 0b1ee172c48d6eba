import Catalog
import Foundation
import TagmineTestSupport
import Testing
import TextMining

@Suite struct CSVWritingTests {
    @Test func textCellsAreInertAndQuotedWhileNumbersStayNumbers() {
        let line = CSVWriting.line([
            "=HYPERLINK(\"http://x\",\"y\")", "+1", "-rock", "@SUM(A1)", "plain, with comma", .decimal(-0.5),
            .integer(-3), .decimal(.nan),
        ])
        #expect(
            line
                == #""'=HYPERLINK(""http://x"",""y"")",'+1,'-rock,'@SUM(A1),"plain, with comma",-0.500000,-3,nan"#)
    }

    @Test func whatIsWrittenReadsBackAsTheInertText() throws {
        let folder = try TemporaryDirectory()
        let cells = ["a\nb", "say \"hi\"", "=1+1", "曲, 1"]
        let path = try folder.write(
            "out.csv",
            CSVWriting.line(["id"] + cells.indices.map { "c\($0)" }) + "\n"
                + CSVWriting.line(["T1"] + cells) + "\n")
        var reader = try CSVReader(path: path, encoding: .utf8, delimiter: UInt8(ascii: ","))
        _ = try reader.next()
        #expect(try reader.next()?.fields == ["T1", "a\nb", "say \"hi\"", "'=1+1", "曲, 1"])
    }
}
