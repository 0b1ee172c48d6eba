import Catalog
import Testing

@Suite struct TagSplitterTests {
    @Test func everyWhiteSpaceScalarBeyondASCIIIsTrimmedFromEitherEdge() {
        var splitter = TagSplitter()
        let spaces = (0x80...0x10FFFF).compactMap(Unicode.Scalar.init).filter(\.properties.isWhitespace)
        #expect(spaces.count > 15)
        for space in spaces where !TagSplitter.defaultDelimiters.contains(space) {
            let tags = splitter.tags(in: "\(space)ピアノ\(space),\(space)piano")
            #expect(tags.map(\.original) == ["ピアノ", "piano"], "U+\(String(space.value, radix: 16))")
        }
    }

    @Test func kanaKanjiAndOtherScalarsAtAnEdgeAreKept() {
        var splitter = TagSplitter()
        // U+3001 is a delimiter; U+3002, U+300C and U+3042 share U+3000's lead byte E3.
        let tags = splitter.tags(in: "「ロック」、あ。, é, ü, ー")
        #expect(tags.map(\.original) == ["「ロック」", "あ。", "é", "ü", "ー"])
    }

    @Test func tagsOfOneNameShareANumberAndKnowWhetherTheyWereNormalised() {
        var splitter = TagSplitter()
        let first = splitter.tags(in: "Rock, jazz")
        let second = splitter.tags(in: "ＲＯＣＫ; rock | Jazz")
        #expect(first.map(\.name) == ["rock", "jazz"] && second.map(\.name) == ["rock", "jazz"])
        #expect(first[0].nameNumber == second[0].nameNumber && first[1].nameNumber == second[1].nameNumber)
        #expect(first[0].nameNumber != first[1].nameNumber && first[0].nameNumber != nil)
        #expect(first.map(\.isNormalized) == [false, true] && second.map(\.isNormalized) == [false, false])
    }
}
