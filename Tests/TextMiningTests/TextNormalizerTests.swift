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

    @Test func equalNamesShareANumberAndANumberNeverNamesTwoTexts() {
        var cache = NormalizationCache(capacity: 4)
        let rock = cache.entry("ＲＯＣＫ"), rockAgain = cache.entry("Rock"), jazz = cache.entry("jazz")
        #expect(rock.name == "rock" && rock.number == rockAgain.number && jazz.number != rock.number)
        #expect(!rock.isUnchanged && !rockAgain.isUnchanged && jazz.isUnchanged)
        #expect(cache.entry("rock").isUnchanged && cache.entry("rock").number == rock.number)

        // Many more inputs than the cache holds: it starts over, and numbers keep counting up.
        var nameOfNumber: [Int: String] = [:]
        for index in 0..<50 {
            let entry = cache.entry(index % 3 == 0 ? "Tag \(index % 7)" : "tag \(index % 7)")
            #expect(entry.name == "tag \(index % 7)")
            #expect(nameOfNumber[entry.number, default: entry.name] == entry.name, "number \(entry.number)")
            nameOfNumber[entry.number] = entry.name
        }
        #expect(cache.count <= 4)
        #expect(Set(nameOfNumber.values).count == 7 && nameOfNumber.count > 7)
    }
}
