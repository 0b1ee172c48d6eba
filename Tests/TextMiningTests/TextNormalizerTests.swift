import Testing

@testable import TextMining

@Suite struct TextNormalizerTests {
    @Test func foldsFullWidthLatinAndCase() {
        #expect(TextNormalizer.normalize("ＰＩＡＮＯ") == "piano")
        #expect(TextNormalizer.normalize("Electric GUITAR") == "electric guitar")
    }

    @Test func foldsHalfWidthKatakanaToFullWidth() {
        #expect(TextNormalizer.normalize("ﾋﾟｱﾉ") == "ピアノ")
        #expect(TextNormalizer.normalize("ｴﾚｷｷﾞﾀｰ") == "エレキギター")
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
