import Testing

@testable import TextMining

@Suite struct TextNormalizerTests {
    @Test func foldsFullWidthLatinAndCase() {
        #expect(TextNormalizer.normalize("ＰＩＡＮＯ") == "piano")
        #expect(TextNormalizer.normalize("Electric GUITAR") == "electric guitar")
    }

    @Test func foldsHalfWidthKatakanaToComposedFullWidthBytes() {
        // Compare bytes: String's == treats ヒ + U+309A and ピ as equal, SQLite does not.
        #expect(Array(TextNormalizer.normalize("ﾋﾟｱﾉ").unicodeScalars) == ["\u{30D4}", "\u{30A2}", "\u{30CE}"])
        #expect(TextNormalizer.normalize("ｴﾚｷｷﾞﾀｰ").utf8.elementsEqual("エレキギター".utf8))
        #expect(TextNormalizer.normalize("ｶﾞｯﾂﾘ").unicodeScalars.count == 4)
    }

    @Test func utf8KeysCompareBytesNotCanonicalEquivalence() {
        let composed = UTF8Key("\u{30D4}"), decomposed = UTF8Key("\u{30D2}\u{309A}")
        #expect(composed.text == decomposed.text)
        #expect(composed != decomposed)
        #expect(Set([composed, decomposed, UTF8Key("\u{30D4}")]).count == 2)
    }

    @Test func trimsAndCollapsesEveryKindOfWhitespace() {
        #expect(TextNormalizer.normalize("  soft \t\n piano\u{3000}solo  ") == "soft piano solo")
        #expect(TextNormalizer.normalize(" \u{3000} ") == "")
    }

    @Test func cacheAgreesWithNormalizerAndStaysBounded() {
        var cache = NormalizationCache(capacity: 3)
        let inputs = ["ＲＯＣＫ", "ﾛｯｸ", "Jazz ", "ＲＯＣＫ", "Pops", "ﾛｯｸ"]
        for input in inputs {
            #expect(cache.normalize(input) == TextNormalizer.normalize(input))
        }
        #expect(cache.count <= 3)
    }
}
